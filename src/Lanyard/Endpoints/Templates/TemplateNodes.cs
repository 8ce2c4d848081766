namespace Lanyard.Endpoints.Templates;

/// <summary>A compiled template is a list of these, made once at startup and read-only afterwards.</summary>
internal abstract record TemplateNode;

/// <summary>Literal template text, written as it is.</summary>
internal sealed record TextNode(string Text) : TemplateNode;

/// <summary><c>{{pipeline}}</c>: the value, escaped for where it stands (<see cref="HtmlEscaping"/>).</summary>
internal sealed record OutputNode(TemplateExpression Value, int Line, HtmlEscaping.Context Escaping = HtmlEscaping.Context.None) : TemplateNode;

/// <summary><c>{{if a}}…{{else if b}}…{{else}}…{{end}}</c>: the first branch whose condition is true, else <see cref="Else"/>.</summary>
internal sealed record IfNode(IReadOnlyList<IfBranch> Branches, IReadOnlyList<TemplateNode> Else, int Line) : TemplateNode;

internal sealed record IfBranch(TemplateExpression Condition, IReadOnlyList<TemplateNode> Body);

/// <summary>A value: a field, a literal, or a function of other values. Evaluating has no side effects.</summary>
internal abstract record TemplateExpression
{
    /// <summary>The kind this always yields, or null when it depends on the data (<c>and</c>, <c>or</c> of mixed kinds).</summary>
    public abstract TemplateValueKind? StaticKind { get; }

    public abstract TemplateValue Evaluate(IReadOnlyList<TemplateValue> fields);

    /// <summary>How the template wrote it, for error messages.</summary>
    public abstract string Written { get; }
}

internal sealed record FieldExpression(int Index, string Name, TemplateValueKind Kind) : TemplateExpression
{
    public override TemplateValueKind? StaticKind => Kind;

    public override TemplateValue Evaluate(IReadOnlyList<TemplateValue> fields) => fields[Index];

    public override string Written => "." + Name;
}

internal sealed record LiteralExpression(TemplateValue Value, string Source) : TemplateExpression
{
    public override TemplateValueKind? StaticKind => Value.Kind;

    public override TemplateValue Evaluate(IReadOnlyList<TemplateValue> fields) => Value;

    public override string Written => Source;
}

internal sealed record CallExpression(TemplateFunction Function, IReadOnlyList<TemplateExpression> Arguments) : TemplateExpression
{
    public override TemplateValueKind? StaticKind => Function.ResultKind(Arguments);

    public override TemplateValue Evaluate(IReadOnlyList<TemplateValue> fields) => Function.Invoke(Arguments, fields);

    public override string Written => Function.Name + " " + string.Join(' ', Arguments.Select(a => a is CallExpression ? "(" + a.Written + ")" : a.Written));
}
