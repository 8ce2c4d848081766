namespace Lanyard.Endpoints.Templates;

/// <summary>
/// Where a point of template text is in the HTML: in text, inside a tag, in a quoted attribute value (and what kind
/// of attribute), in a comment, or in a <c>&lt;script&gt;</c>/<c>&lt;style&gt;</c> body. A small HTML tokenizer,
/// enough to decide how each <c>{{action}}</c> is escaped and to refuse those Lanyard cannot escape safely. When in
/// doubt (a <c>&lt;</c> at the end of a text run) it assumes a tag, where printing is refused: it fails closed.
/// </summary>
internal readonly record struct HtmlContextScanner(
    HtmlContextScanner.Position At,
    string Tag = "",
    string Attribute = "",
    char Quote = '\0',
    HtmlContextScanner.UrlPart Url = HtmlContextScanner.UrlPart.Start)
{
    internal enum Position
    {
        Text,
        TagOpen,
        TagName,
        EndTag,
        Declaration,
        InTag,
        AttributeName,
        AfterAttributeName,
        BeforeValue,
        QuotedValue,
        UnquotedValue,
        Comment,
        RawText,
    }

    internal enum UrlPart
    {
        Start,
        Path,
        Query,
    }

    public static HtmlContextScanner Start => new(Position.Text);

    /// <summary>Attributes whose value is a URL (as html/template's attrType table).</summary>
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.Ordinal)
    {
        "action", "archive", "background", "cite", "classid", "codebase", "data", "formaction", "href", "icon",
        "longdesc", "manifest", "ping", "poster", "profile", "src", "usemap", "xmlns",
    };

    /// <summary>How an action here is escaped, or why it cannot be.</summary>
    public (HtmlEscaping.Context Context, string? Refusal) Escaping() => At switch
    {
        Position.Text => (HtmlEscaping.Context.Text, null),
        Position.QuotedValue when Attribute.StartsWith("on", StringComparison.Ordinal) => (HtmlEscaping.Context.None, $"is inside the script of the {Attribute} attribute"),
        Position.QuotedValue when Attribute is "style" or "srcset" => (HtmlEscaping.Context.None, $"is inside the {Attribute} attribute"),
        Position.QuotedValue when UrlAttributes.Contains(Attribute) => (Url switch
        {
            UrlPart.Start => HtmlEscaping.Context.UrlStart,
            UrlPart.Path => HtmlEscaping.Context.UrlPath,
            _ => HtmlEscaping.Context.UrlQuery,
        }, null),
        Position.QuotedValue => (HtmlEscaping.Context.Attribute, null),
        Position.BeforeValue or Position.UnquotedValue => (HtmlEscaping.Context.None, $"is an unquoted value of the {Attribute} attribute; quote it: {Attribute}=\"{{{{…}}}}\""),
        Position.Comment => (HtmlEscaping.Context.None, "is inside an HTML comment"),
        Position.RawText => (HtmlEscaping.Context.None, $"is inside <{Tag}>"),
        _ => (HtmlEscaping.Context.None, "is inside a tag, outside a quoted attribute value"),
    };

    /// <summary>After an action printed here: a URL no longer starts with what follows.</summary>
    public HtmlContextScanner AfterOutput() => At == Position.QuotedValue && Url == UrlPart.Start ? this with { Url = UrlPart.Path } : this;

    public HtmlContextScanner After(string text)
    {
        var state = this;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            state = state.At switch
            {
                Position.Text when c == '<' => OpenTag(text, ref i),
                Position.Text => state,
                Position.TagOpen => c switch
                {
                    _ when char.IsAsciiLetter(c) => new(Position.TagName, Tag: char.ToLowerInvariant(c).ToString()),
                    '/' => new(Position.EndTag),
                    '!' => new(Position.Declaration),
                    _ => new(Position.Text),
                },
                Position.TagName when char.IsWhiteSpace(c) || c == '/' => state with { At = Position.InTag },
                Position.TagName when c == '>' => state.EnterElement(),
                Position.TagName => state with { Tag = state.Tag + char.ToLowerInvariant(c) },
                Position.EndTag or Position.Declaration => c == '>' ? new(Position.Text) : state,
                Position.InTag when c == '>' => state.EnterElement(),
                Position.InTag when char.IsWhiteSpace(c) || c == '/' => state,
                Position.InTag => state with { At = Position.AttributeName, Attribute = char.ToLowerInvariant(c).ToString() },
                Position.AttributeName when c == '=' => state with { At = Position.BeforeValue },
                Position.AttributeName when c == '>' => state.EnterElement(),
                Position.AttributeName when char.IsWhiteSpace(c) => state with { At = Position.AfterAttributeName },
                Position.AttributeName when c == '/' => state with { At = Position.InTag },
                Position.AttributeName => state with { Attribute = state.Attribute + char.ToLowerInvariant(c) },
                Position.AfterAttributeName when c == '=' => state with { At = Position.BeforeValue },
                Position.AfterAttributeName when c == '>' => state.EnterElement(),
                Position.AfterAttributeName when char.IsWhiteSpace(c) => state,
                Position.AfterAttributeName => state with { At = Position.AttributeName, Attribute = char.ToLowerInvariant(c).ToString() },
                Position.BeforeValue when c is '"' or '\'' => state with { At = Position.QuotedValue, Quote = c, Url = UrlPart.Start },
                Position.BeforeValue when c == '>' => state.EnterElement(),
                Position.BeforeValue when char.IsWhiteSpace(c) => state,
                Position.BeforeValue => state with { At = Position.UnquotedValue },
                Position.QuotedValue when c == state.Quote => state with { At = Position.InTag, Attribute = "", Quote = '\0', Url = UrlPart.Start },
                Position.QuotedValue when c is '?' or '#' => state with { Url = UrlPart.Query },
                Position.QuotedValue when state.Url == UrlPart.Start => state with { Url = UrlPart.Path },
                Position.QuotedValue => state,
                Position.UnquotedValue when c == '>' => state.EnterElement(),
                Position.UnquotedValue when char.IsWhiteSpace(c) => state with { At = Position.InTag, Attribute = "" },
                Position.UnquotedValue => state,
                Position.Comment when c == '-' && text.AsSpan(i).StartsWith("-->") => Skip(new(Position.Text), ref i, 2),
                Position.Comment => state,
                Position.RawText when c == '<' && text.AsSpan(i).StartsWith("</" + state.Tag, StringComparison.OrdinalIgnoreCase) =>
                    Skip(new(Position.EndTag), ref i, 1 + state.Tag.Length),
                Position.RawText => state,
                _ => state,
            };
        }

        return state;
    }

    private static HtmlContextScanner OpenTag(string text, ref int i)
    {
        if (i + 1 >= text.Length)
        {
            return new(Position.TagOpen);
        }

        var c = text[i + 1];
        if (char.IsAsciiLetter(c))
        {
            i++;
            return new(Position.TagName, Tag: char.ToLowerInvariant(c).ToString());
        }

        if (c == '/')
        {
            i++;
            return new(Position.EndTag);
        }

        if (c == '!')
        {
            if (text.AsSpan(i).StartsWith("<!--"))
            {
                i += 3;
                return new(Position.Comment);
            }

            i++;
            return new(Position.Declaration);
        }

        return new(Position.Text);
    }

    private static HtmlContextScanner Skip(HtmlContextScanner state, ref int i, int count)
    {
        i += count;
        return state;
    }

    /// <summary>The end of a start tag: script and style bodies are raw text, where nothing may be printed.</summary>
    private HtmlContextScanner EnterElement() => Tag is "script" or "style" ? new(Position.RawText, Tag: Tag) : new(Position.Text);
}
