namespace Lanyard.Emulator.Graph;

/// <summary>The outcome of checking a Graph request's bearer token.</summary>
internal abstract record GraphAuthentication
{
    private GraphAuthentication()
    {
    }

    public sealed record Authenticated(GraphCaller Caller) : GraphAuthentication;

    public sealed record Failed(GraphError Error) : GraphAuthentication;
}
