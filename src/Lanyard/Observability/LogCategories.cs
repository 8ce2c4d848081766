namespace Lanyard.Observability;

internal static class LogCategories
{
    /// <summary>Sign-ins, sign-outs and access decisions: their own category, so they can be routed and kept apart.</summary>
    public const string Audit = "Lanyard.Audit";
}
