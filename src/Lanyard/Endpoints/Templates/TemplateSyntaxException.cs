namespace Lanyard.Endpoints.Templates;

/// <summary>A template Lanyard will not run, with the line and the construct that is wrong or not supported.</summary>
internal sealed class TemplateSyntaxException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
