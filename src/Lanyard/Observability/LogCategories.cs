namespace Lanyard.Observability;

internal static class LogCategories
{
    /// <summary>Sign-ins, sign-outs and access decisions: their own category, so they can be routed and kept apart.</summary>
    public const string Audit = "Lanyard.Audit";

    /// <summary>One line per answered request (request_logging), already in its format: the console prints it bare.</summary>
    public const string Requests = "Lanyard.Requests";
}
