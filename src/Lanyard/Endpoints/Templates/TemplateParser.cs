using System.Globalization;
using System.Text;

namespace Lanyard.Endpoints.Templates;

/// <summary>
/// Parses the subset of Go's text/template that oauth2-proxy's own page templates use, into <see cref="TemplateNode"/>s:
/// <c>{{.Field}}</c>, <c>{{if}}</c>/<c>{{else if}}</c>/<c>{{else}}</c>/<c>{{end}}</c>, pipelines (<c>{{.X | ToUpper}}</c>),
/// parentheses, string/number/boolean literals, the functions in <see cref="TemplateFunction"/>, comments, trim
/// markers, and a <c>{{define "name"}}</c> around the whole file. Everything else (<c>range</c>, <c>with</c>,
/// <c>template</c>, variables, other functions, unknown fields) is refused with its line, so a template that parses
/// is one Lanyard can render for every request. Context-free: HTML escaping is <see cref="HtmlTemplate"/>'s pass.
/// </summary>
internal sealed class TemplateParser
{
    private const string Supported = "supported: {{.Field}}, {{if}}, {{else if}}, {{else}}, {{end}}, {{define}} around the whole file, comments, and the functions " +
        "eq, ne, lt, le, gt, ge, not, and, or, ToUpper, ToLower";

    private static readonly HashSet<string> Refused = new(StringComparer.Ordinal) { "range", "with", "template", "block", "break", "continue" };

    private readonly string _name;
    private readonly TemplateFields _fields;
    private readonly List<TemplateLexer.Item> _items;
    private int _next;

    private TemplateParser(string name, string text, TemplateFields fields)
    {
        _name = name;
        _fields = fields;
        _items = TemplateLexer.Split(text);
    }

    /// <summary>The template's nodes; throws <see cref="TemplateSyntaxException"/> naming the line and the construct.</summary>
    public static IReadOnlyList<TemplateNode> Parse(string name, string text, TemplateFields fields) => new TemplateParser(name, text, fields).ParseFile();

    private List<TemplateNode> ParseFile()
    {
        var top = ParseUntilEnd(out var stop, topLevel: true);
        if (stop is not null)
        {
            throw new TemplateSyntaxException(stop.Line, $"{{{{{stop.Content}}}}} has no {{{{if}}}} to belong to");
        }

        return top;
    }

    /// <summary>Nodes up to an <c>{{else…}}</c> or <c>{{end}}</c> (returned in <paramref name="stop"/>), or to the end of the file.</summary>
    private List<TemplateNode> ParseUntilEnd(out TemplateLexer.ActionItem? stop, bool topLevel = false)
    {
        var nodes = new List<TemplateNode>();
        List<TemplateNode>? defined = null;
        while (_next < _items.Count)
        {
            var item = _items[_next++];
            if (item is TemplateLexer.TextItem text)
            {
                nodes.Add(new TextNode(text.Text));
                continue;
            }

            var action = (TemplateLexer.ActionItem)item;
            var tokens = Tokenize(action);
            if (tokens.Count == 0)
            {
                throw new TemplateSyntaxException(action.Line, "{{}} is an empty action");
            }

            switch (tokens[0])
            {
                case "end" or "else":
                    stop = action;
                    return Finish(nodes, defined, topLevel, action.Line);
                case "if":
                    nodes.Add(ParseIf(action, tokens));
                    break;
                case "define" when topLevel:
                    defined = ParseDefine(action, tokens);
                    break;
                case "define":
                    throw new TemplateSyntaxException(action.Line, "{{define}} is supported only around the whole file");
                case var keyword when Refused.Contains(keyword):
                    throw new TemplateSyntaxException(action.Line, $"{{{{{keyword}}}}} is not supported ({Supported})");
                default:
                    nodes.Add(new OutputNode(ParsePipeline(action, tokens, 0, tokens.Count), action.Line));
                    break;
            }
        }

        stop = null;
        return Finish(nodes, defined, topLevel, line: 0);
    }

    /// <summary>
    /// With <c>{{define "sign_in.html"}}…{{end}}</c> (how oauth2-proxy's own files are written) the defined body is the
    /// template, and what is outside it may only be white space; Go would use the definition in the same way.
    /// </summary>
    private static List<TemplateNode> Finish(List<TemplateNode> nodes, List<TemplateNode>? defined, bool topLevel, int line)
    {
        if (!topLevel || defined is null)
        {
            return nodes;
        }

        if (nodes.Any(n => n is not TextNode { Text: var t } || !string.IsNullOrWhiteSpace(t)))
        {
            throw new TemplateSyntaxException(line, "there is content outside {{define}}; put the whole page inside it, or leave {{define}} out");
        }

        return defined;
    }

    private List<TemplateNode> ParseDefine(TemplateLexer.ActionItem action, List<string> tokens)
    {
        if (tokens.Count != 2 || !tokens[1].StartsWith('"'))
        {
            throw new TemplateSyntaxException(action.Line, "{{define}} takes one quoted name: {{define \"" + _name + "\"}}");
        }

        var defined = Unquote(action, tokens[1]);
        if (!string.Equals(defined, _name, StringComparison.Ordinal))
        {
            throw new TemplateSyntaxException(action.Line, $"{{{{define \"{defined}\"}}}} defines another template; only \"{_name}\" is used from this file");
        }

        var body = ParseUntilEnd(out var stop);
        if (stop is null || Tokenize(stop) is not ["end"])
        {
            throw new TemplateSyntaxException(stop?.Line ?? action.Line, $"{{{{define}}}} from line {action.Line} must close with {{{{end}}}}");
        }

        return body;
    }

    private IfNode ParseIf(TemplateLexer.ActionItem action, List<string> tokens)
    {
        var branches = new List<IfBranch>();
        var condition = ParsePipeline(action, tokens, 1, tokens.Count);
        while (true)
        {
            var body = ParseUntilEnd(out var stop);
            branches.Add(new IfBranch(condition, body));
            if (stop is null)
            {
                throw new TemplateSyntaxException(action.Line, $"{{{{if}}}} from line {action.Line} is never closed with {{{{end}}}}");
            }

            var stopTokens = Tokenize(stop);
            switch (stopTokens)
            {
                case ["end"]:
                    return new IfNode(branches, [], action.Line);
                case ["else"]:
                    var elseBody = ParseUntilEnd(out var end);
                    if (end is null || Tokenize(end) is not ["end"])
                    {
                        throw new TemplateSyntaxException(end?.Line ?? action.Line, $"{{{{else}}}} of the {{{{if}}}} from line {action.Line} must be followed by {{{{end}}}}");
                    }

                    return new IfNode(branches, elseBody, action.Line);
                case ["else", "if", ..]:
                    condition = ParsePipeline(stop, stopTokens, 2, stopTokens.Count);
                    break;
                case ["else", var other, ..]:
                    throw new TemplateSyntaxException(stop.Line, $"{{{{else {other}}}}} is not supported ({Supported})");
                default:
                    throw new TemplateSyntaxException(stop.Line, $"{{{{{stop.Content}}}}} is not supported ({Supported})");
            }
        }
    }

    /// <summary><c>command ( | command )*</c>, where a piped value becomes the next function's last argument, as in Go.</summary>
    private TemplateExpression ParsePipeline(TemplateLexer.ActionItem action, List<string> tokens, int start, int end)
    {
        if (start >= end)
        {
            throw new TemplateSyntaxException(action.Line, $"{{{{{action.Content}}}}} is missing a value");
        }

        TemplateExpression? piped = null;
        var commandStart = start;
        for (var i = start; i <= end; i++)
        {
            if (i < end && tokens[i] == "(")
            {
                i = MatchingParenthesis(action, tokens, i, end);
                continue;
            }

            if (i == end || tokens[i] == "|")
            {
                piped = ParseCommand(action, tokens, commandStart, i, piped);
                commandStart = i + 1;
            }
        }

        return piped!;
    }

    private TemplateExpression ParseCommand(TemplateLexer.ActionItem action, List<string> tokens, int start, int end, TemplateExpression? piped)
    {
        if (start >= end)
        {
            throw new TemplateSyntaxException(action.Line, $"{{{{{action.Content}}}}} has an empty part in its pipeline");
        }

        var first = tokens[start];
        if (!TemplateFunction.All.TryGetValue(first, out var function))
        {
            if (IsIdentifier(first) && first is not ("true" or "false"))
            {
                throw new TemplateSyntaxException(action.Line, $"the function '{first}' is not supported ({Supported})");
            }

            var isOneValue = first == "(" ? MatchingParenthesis(action, tokens, start, end) == end - 1 : end - start == 1;
            if (!isOneValue || piped is not null)
            {
                throw new TemplateSyntaxException(action.Line, $"{{{{{action.Content}}}}}: {first} is not a function, so nothing can follow it or be piped into it");
            }

            return ParseOperand(action, tokens, start, end);
        }

        var arguments = new List<TemplateExpression>();
        for (var i = start + 1; i < end; i++)
        {
            var argumentEnd = tokens[i] == "(" ? MatchingParenthesis(action, tokens, i, end) + 1 : i + 1;
            arguments.Add(ParseOperand(action, tokens, i, argumentEnd));
            i = argumentEnd - 1;
        }

        if (piped is not null)
        {
            arguments.Add(piped);
        }

        if (arguments.Count < function.MinArguments || arguments.Count > function.MaxArguments)
        {
            throw new TemplateSyntaxException(action.Line, $"{function.Name} takes {(function.MinArguments == function.MaxArguments ? function.MinArguments.ToString(CultureInfo.InvariantCulture) : "at least " + function.MinArguments.ToString(CultureInfo.InvariantCulture))} argument(s), not {arguments.Count}");
        }

        if (function.CheckArguments(arguments) is { } mismatch)
        {
            throw new TemplateSyntaxException(action.Line, mismatch);
        }

        return new CallExpression(function, arguments);
    }

    private TemplateExpression ParseOperand(TemplateLexer.ActionItem action, List<string> tokens, int start, int end)
    {
        var token = tokens[start];
        if (token == "(")
        {
            return ParsePipeline(action, tokens, start + 1, end - 1);
        }

        if (end - start != 1)
        {
            throw new TemplateSyntaxException(action.Line, $"{{{{{action.Content}}}}} is not a value Lanyard understands");
        }

        return token switch
        {
            "." => throw new TemplateSyntaxException(action.Line, "{{.}} would print all the page's data; name a field (" + _fields.Names + ")"),
            ['.', ..] when token.IndexOf('.', 1) > 0 => throw new TemplateSyntaxException(action.Line, $"{token}: the page's fields have no fields of their own"),
            ['.', ..] => Field(action, token[1..]),
            ['$', ..] => throw new TemplateSyntaxException(action.Line, $"variables ({token}) are not supported ({Supported})"),
            ['"', ..] or ['`', ..] => new LiteralExpression(TemplateValue.Of(Unquote(action, token)), token),
            "true" or "false" => new LiteralExpression(TemplateValue.Of(token == "true"), token),
            _ when long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => new LiteralExpression(TemplateValue.Of(number), token),
            _ when TemplateFunction.All.ContainsKey(token) => throw new TemplateSyntaxException(action.Line, $"{token} needs parentheses when it is an argument: ({token} …)"),
            _ => throw new TemplateSyntaxException(action.Line, $"'{token}' is not supported ({Supported})"),
        };
    }

    private FieldExpression Field(TemplateLexer.ActionItem action, string name)
    {
        if (!_fields.TryFind(name, out var index, out var kind))
        {
            throw new TemplateSyntaxException(action.Line, $".{name} is not a field of {_name} (it has {_fields.Names})");
        }

        return new FieldExpression(index, name, kind);
    }

    private static int MatchingParenthesis(TemplateLexer.ActionItem action, List<string> tokens, int open, int end)
    {
        var depth = 0;
        for (var i = open; i < end; i++)
        {
            depth += tokens[i] switch { "(" => 1, ")" => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        throw new TemplateSyntaxException(action.Line, $"{{{{{action.Content}}}}} has a ( without its )");
    }

    private static bool IsIdentifier(string token) => token.Length > 0 && char.IsLetter(token[0]) && token.All(c => char.IsLetterOrDigit(c) || c == '_');

    /// <summary>Words, quoted strings, <c>|</c>, <c>(</c> and <c>)</c>; <c>:=</c> and <c>=</c> (variables) are refused.</summary>
    private static List<string> Tokenize(TemplateLexer.ActionItem action)
    {
        var text = action.Content;
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '|' or '(' or ')')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '"' or '`')
            {
                var close = i + 1;
                while (close < text.Length && text[close] != c)
                {
                    close += c == '"' && text[close] == '\\' ? 2 : 1;
                }

                if (close >= text.Length)
                {
                    throw new TemplateSyntaxException(action.Line, "a string is not closed");
                }

                tokens.Add(text[i..(close + 1)]);
                i = close + 1;
            }
            else if (c is '=' or ':' or ',' or '\'')
            {
                throw new TemplateSyntaxException(action.Line, $"'{c}' in {{{{{text}}}}} is not supported ({Supported})");
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('|' or '(' or ')' or '"' or '`' or '=' or ':' or ','))
                {
                    i++;
                }

                var word = text[start..i];
                if (word.StartsWith('$'))
                {
                    throw new TemplateSyntaxException(action.Line, $"variables ({word}) are not supported ({Supported})");
                }

                tokens.Add(word);
            }
        }

        return tokens;
    }

    private static string Unquote(TemplateLexer.ActionItem action, string token)
    {
        if (token[0] == '`')
        {
            return token[1..^1];
        }

        var value = new StringBuilder();
        for (var i = 1; i < token.Length - 1; i++)
        {
            if (token[i] != '\\')
            {
                value.Append(token[i]);
                continue;
            }

            i++;
            value.Append(token[i] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                _ => throw new TemplateSyntaxException(action.Line, $"the escape \\{token[i]} in {token} is not supported"),
            });
        }

        return value.ToString();
    }
}
