using System.Text;

namespace Lanyard.Endpoints.Templates;

/// <summary>
/// A page template (oauth2-proxy's <c>sign_in.html</c>, <c>error.html</c>), compiled once at startup: parsed by
/// <see cref="TemplateParser"/>, then every action is given its escaping from where it stands in the HTML
/// (<see cref="HtmlContextScanner"/>). An action Lanyard cannot escape safely (inside a script, a style, an event
/// handler, a comment, an unquoted attribute) is refused here, as is an <c>{{if}}</c> whose branches leave the HTML in
/// different places, so rendering cannot fail and cannot be steered by a value.
/// </summary>
internal sealed class HtmlTemplate
{
    private readonly IReadOnlyList<TemplateNode> _nodes;

    private HtmlTemplate(string name, TemplateFields fields, IReadOnlyList<TemplateNode> nodes)
    {
        Name = name;
        Fields = fields;
        _nodes = nodes;
    }

    public string Name { get; }

    public TemplateFields Fields { get; }

    /// <summary>Throws <see cref="TemplateSyntaxException"/> with the line and construct of the first problem.</summary>
    public static HtmlTemplate Compile(string name, string text, TemplateFields fields)
    {
        var parsed = TemplateParser.Parse(name, text, fields);
        var (nodes, end) = Escape(parsed, HtmlContextScanner.Start);
        if (end.At != HtmlContextScanner.Position.Text)
        {
            throw new TemplateSyntaxException(LastLine(text), $"the page ends inside {Describe(end)}; close it");
        }

        return new HtmlTemplate(name, fields, nodes);
    }

    /// <param name="values">One value per field, in <see cref="Fields"/>' order.</param>
    public string Render(IReadOnlyList<TemplateValue> values)
    {
        if (values.Count != Fields.Count)
        {
            throw new ArgumentException($"{Name} needs {Fields.Count} values, not {values.Count}", nameof(values));
        }

        var output = new StringBuilder(4096);
        Render(output, _nodes, values);
        return output.ToString();
    }

    private static void Render(StringBuilder output, IReadOnlyList<TemplateNode> nodes, IReadOnlyList<TemplateValue> values)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode printed:
                    HtmlEscaping.Write(output, printed.Escaping, printed.Value.Evaluate(values));
                    break;
                case IfNode choice:
                    var branch = choice.Branches.FirstOrDefault(b => b.Condition.Evaluate(values).IsTrue);
                    Render(output, branch?.Body ?? choice.Else, values);
                    break;
            }
        }
    }

    private static (List<TemplateNode> Nodes, HtmlContextScanner End) Escape(IReadOnlyList<TemplateNode> nodes, HtmlContextScanner state)
    {
        var escaped = new List<TemplateNode>(nodes.Count);
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    state = state.After(text.Text);
                    escaped.Add(text);
                    break;
                case OutputNode printed:
                    var (context, refusal) = state.Escaping();
                    if (refusal is not null)
                    {
                        throw new TemplateSyntaxException(printed.Line, $"{{{{{printed.Value.Written}}}}} {refusal}, where Lanyard cannot escape it safely");
                    }

                    escaped.Add(printed with { Escaping = context });
                    state = state.AfterOutput();
                    break;
                case IfNode choice:
                    var branches = new List<IfBranch>();
                    var ends = new List<HtmlContextScanner>();
                    foreach (var branch in choice.Branches)
                    {
                        var (body, end) = Escape(branch.Body, state);
                        branches.Add(branch with { Body = body });
                        ends.Add(end);
                    }

                    var (elseBody, elseEnd) = Escape(choice.Else, state);
                    ends.Add(elseEnd);
                    if (ends.Distinct().Skip(1).Any())
                    {
                        throw new TemplateSyntaxException(choice.Line,
                            $"the branches of this {{{{if}}}} end in different places of the HTML ({string.Join(" / ", ends.Distinct().Select(Describe))}); open and close tags and quotes inside the same branch");
                    }

                    escaped.Add(choice with { Branches = branches, Else = elseBody });
                    state = ends[0];
                    break;
            }
        }

        return (escaped, state);
    }

    private static string Describe(HtmlContextScanner state) => state.At switch
    {
        HtmlContextScanner.Position.Text => "text",
        HtmlContextScanner.Position.QuotedValue or HtmlContextScanner.Position.UnquotedValue => $"the value of the {state.Attribute} attribute",
        HtmlContextScanner.Position.Comment => "an HTML comment",
        HtmlContextScanner.Position.RawText => $"<{state.Tag}>",
        _ => "a tag",
    };

    private static int LastLine(string text) => text.TrimEnd().Count(c => c == '\n') + 1;
}
