namespace Lanyard.Endpoints.Templates;

/// <summary>
/// Splits Go template text into literal text and <c>{{actions}}</c>, as Go's <c>text/template/parse</c> lexer does
/// for the parts Lanyard supports: <c>{{- </c> and <c> -}}</c> trim the whitespace beside them, <c>{{/* */}}</c> is
/// a comment, and <c>}}</c> inside a quoted string does not end an action.
/// </summary>
internal static class TemplateLexer
{
    internal abstract record Item(int Line);

    internal sealed record TextItem(string Text, int Line) : Item(Line);

    internal sealed record ActionItem(string Content, int Line) : Item(Line);

    public static List<Item> Split(string text)
    {
        var lineStarts = LineStarts(text);
        int LineAt(int index)
        {
            var found = lineStarts.BinarySearch(index);
            return (found >= 0 ? found : ~found - 1) + 1;
        }

        var items = new List<Item>();
        var position = 0;
        var trimNextText = false;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            var literal = text[position..(open < 0 ? text.Length : open)];
            if (trimNextText)
            {
                literal = literal.TrimStart();
            }

            var trimLeft = open >= 0 && open + 3 < text.Length && text[open + 2] == '-' && char.IsWhiteSpace(text[open + 3]);
            if (trimLeft)
            {
                literal = literal.TrimEnd();
            }

            if (literal.Length > 0)
            {
                items.Add(new TextItem(literal, LineAt(position)));
            }

            if (open < 0)
            {
                break;
            }

            var line = LineAt(open);
            var contentStart = open + (trimLeft ? 3 : 2);
            var close = FindClose(text, contentStart);
            if (close < 0)
            {
                throw new TemplateSyntaxException(line, "an action opened with {{ is never closed with }}");
            }

            var contentEnd = close;
            trimNextText = close - 2 >= contentStart && text[close - 1] == '-' && char.IsWhiteSpace(text[close - 2]);
            if (trimNextText)
            {
                contentEnd = close - 1;
            }

            var content = text[contentStart..contentEnd].Trim();
            if (!content.StartsWith("/*", StringComparison.Ordinal))
            {
                items.Add(new ActionItem(content, line));
            }
            else if (!content.EndsWith("*/", StringComparison.Ordinal) || content.Length < 4)
            {
                throw new TemplateSyntaxException(line, "a comment must be written {{/* like this */}}");
            }

            position = close + 2;
        }

        return items;
    }

    /// <summary>The index of the <c>}}</c> that ends the action starting at <paramref name="start"/>, or -1.</summary>
    private static int FindClose(string text, int start)
    {
        var comment = text.AsSpan(start).TrimStart().StartsWith("/*");
        if (comment)
        {
            var endOfComment = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
            return endOfComment < 0 ? -1 : text.IndexOf("}}", endOfComment, StringComparison.Ordinal);
        }

        for (var i = start; i < text.Length - 1; i++)
        {
            switch (text[i])
            {
                case '"':
                    i = SkipQuoted(text, i, '"');
                    break;
                case '`':
                    i = SkipQuoted(text, i, '`');
                    break;
                case '}' when text[i + 1] == '}':
                    return i;
            }

            if (i < 0)
            {
                return -1;
            }
        }

        return -1;
    }

    private static int SkipQuoted(string text, int openQuote, char quote)
    {
        for (var i = openQuote + 1; i < text.Length; i++)
        {
            if (quote == '"' && text[i] == '\\')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }
}
