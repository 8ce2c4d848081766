using System.Globalization;

namespace Lanyard.Endpoints.Templates;

/// <summary>What a template field holds. <see cref="Html"/> is markup the operator configured (oauth2-proxy's
/// <c>template.HTML</c>: banner, footer, logo), printed as it is in HTML text and escaped everywhere else.</summary>
internal enum TemplateValueKind
{
    Text,
    Html,
    Number,
    Bool,
}

/// <summary>One value a template reads: a field's or a literal's, or what a function returned.</summary>
internal readonly record struct TemplateValue(TemplateValueKind Kind, string? Text = null, long Number = 0, bool Flag = false)
{
    public static TemplateValue Of(string text) => new(TemplateValueKind.Text, Text: text);

    public static TemplateValue OfHtml(string html) => new(TemplateValueKind.Html, Text: html);

    public static TemplateValue Of(long number) => new(TemplateValueKind.Number, Number: number);

    public static TemplateValue Of(bool flag) => new(TemplateValueKind.Bool, Flag: flag);

    /// <summary>Go templates' truth: false, 0 and the empty string are false; everything else is true.</summary>
    public bool IsTrue => Kind switch
    {
        TemplateValueKind.Bool => Flag,
        TemplateValueKind.Number => Number != 0,
        _ => !string.IsNullOrEmpty(Text),
    };

    public bool IsString => Kind is TemplateValueKind.Text or TemplateValueKind.Html;

    /// <summary>As Go's fmt prints it: text as it is, numbers in decimal, booleans as true/false.</summary>
    public override string ToString() => Kind switch
    {
        TemplateValueKind.Bool => Flag ? "true" : "false",
        TemplateValueKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => Text ?? "",
    };

    /// <summary>Go's <c>eq</c>: equal when of the same basic kind (text and HTML are both strings) and value.</summary>
    public bool EqualTo(TemplateValue other) =>
        (IsString && other.IsString && string.Equals(Text ?? "", other.Text ?? "", StringComparison.Ordinal))
        || (Kind == TemplateValueKind.Number && other.Kind == TemplateValueKind.Number && Number == other.Number)
        || (Kind == TemplateValueKind.Bool && other.Kind == TemplateValueKind.Bool && Flag == other.Flag);
}
