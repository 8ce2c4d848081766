namespace Lanyard.Endpoints.Templates;

/// <summary>
/// The functions a template may call: Go templates' comparisons and logic (<c>eq</c> with several right-hand values
/// means "equals any", as in Go) and the <c>ToUpper</c>/<c>ToLower</c> oauth2-proxy adds. Anything else is refused
/// at startup.
/// </summary>
internal sealed class TemplateFunction
{
    private readonly Func<IReadOnlyList<TemplateExpression>, IReadOnlyList<TemplateValue>, TemplateValue> _invoke;
    private readonly Func<IReadOnlyList<TemplateExpression>, TemplateValueKind?> _resultKind;

    private TemplateFunction(string name, int minArguments, int maxArguments, Func<IReadOnlyList<TemplateExpression>, TemplateValueKind?> resultKind,
        Func<IReadOnlyList<TemplateExpression>, IReadOnlyList<TemplateValue>, TemplateValue> invoke)
    {
        Name = name;
        MinArguments = minArguments;
        MaxArguments = maxArguments;
        _resultKind = resultKind;
        _invoke = invoke;
    }

    public string Name { get; }

    public int MinArguments { get; }

    public int MaxArguments { get; }

    public TemplateValueKind? ResultKind(IReadOnlyList<TemplateExpression> arguments) => _resultKind(arguments);

    public TemplateValue Invoke(IReadOnlyList<TemplateExpression> arguments, IReadOnlyList<TemplateValue> fields) => _invoke(arguments, fields);

    private static TemplateValueKind? Bool(IReadOnlyList<TemplateExpression> _) => TemplateValueKind.Bool;

    private static TemplateValueKind? Text(IReadOnlyList<TemplateExpression> _) => TemplateValueKind.Text;

    /// <summary><c>and</c>/<c>or</c> yield one of their arguments, as in Go: its kind when they all share one.</summary>
    private static TemplateValueKind? Common(IReadOnlyList<TemplateExpression> arguments) =>
        arguments.Select(a => a.StaticKind).Distinct().ToList() is [var only] ? only : null;

    private static TemplateValue Compare(IReadOnlyList<TemplateExpression> a, IReadOnlyList<TemplateValue> f, Func<int, bool> holds)
    {
        var (left, right) = (a[0].Evaluate(f), a[1].Evaluate(f));
        int? order = (left.IsString && right.IsString) ? string.CompareOrdinal(left.Text ?? "", right.Text ?? "")
            : (left.Kind == TemplateValueKind.Number && right.Kind == TemplateValueKind.Number) ? left.Number.CompareTo(right.Number)
            : null;
        return TemplateValue.Of(order is { } o && holds(o));
    }

    public static readonly IReadOnlyDictionary<string, TemplateFunction> All = new[]
    {
        new TemplateFunction("eq", 2, int.MaxValue, Bool, (a, f) =>
        {
            var left = a[0].Evaluate(f);
            return TemplateValue.Of(a.Skip(1).Any(right => left.EqualTo(right.Evaluate(f))));
        }),
        new TemplateFunction("ne", 2, 2, Bool, (a, f) => TemplateValue.Of(!a[0].Evaluate(f).EqualTo(a[1].Evaluate(f)))),
        new TemplateFunction("lt", 2, 2, Bool, (a, f) => Compare(a, f, o => o < 0)),
        new TemplateFunction("le", 2, 2, Bool, (a, f) => Compare(a, f, o => o <= 0)),
        new TemplateFunction("gt", 2, 2, Bool, (a, f) => Compare(a, f, o => o > 0)),
        new TemplateFunction("ge", 2, 2, Bool, (a, f) => Compare(a, f, o => o >= 0)),
        new TemplateFunction("not", 1, 1, Bool, (a, f) => TemplateValue.Of(!a[0].Evaluate(f).IsTrue)),
        new TemplateFunction("and", 1, int.MaxValue, Common, (a, f) =>
        {
            var value = default(TemplateValue);
            foreach (var argument in a)
            {
                value = argument.Evaluate(f);
                if (!value.IsTrue)
                {
                    return value;
                }
            }

            return value;
        }),
        new TemplateFunction("or", 1, int.MaxValue, Common, (a, f) =>
        {
            var value = default(TemplateValue);
            foreach (var argument in a)
            {
                value = argument.Evaluate(f);
                if (value.IsTrue)
                {
                    return value;
                }
            }

            return value;
        }),
        new TemplateFunction("ToUpper", 1, 1, Text, (a, f) => TemplateValue.Of(a[0].Evaluate(f).ToString().ToUpperInvariant())),
        new TemplateFunction("ToLower", 1, 1, Text, (a, f) => TemplateValue.Of(a[0].Evaluate(f).ToString().ToLowerInvariant())),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Arguments whose kinds can never compare (a number with a string) are a template error, as Go reports at run time.</summary>
    public string? CheckArguments(IReadOnlyList<TemplateExpression> arguments)
    {
        if (Name is not ("eq" or "ne" or "lt" or "le" or "gt" or "ge"))
        {
            return null;
        }

        var left = arguments[0];
        foreach (var right in arguments.Skip(1))
        {
            if (left.StaticKind is { } l && right.StaticKind is { } r && Basic(l) != Basic(r))
            {
                return $"{Name} compares {left.Written} ({Basic(l)}) with {right.Written} ({Basic(r)}), which cannot be compared";
            }
        }

        return null;
    }

    private static string Basic(TemplateValueKind kind) => kind switch
    {
        TemplateValueKind.Number => "a number",
        TemplateValueKind.Bool => "a boolean",
        _ => "a string",
    };
}
