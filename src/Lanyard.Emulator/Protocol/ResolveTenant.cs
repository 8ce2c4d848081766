namespace Lanyard.Emulator.Protocol;

/// <summary>Turns the <c>{tenant}</c> route value into a <see cref="ResolvedTenant"/>, or null when no such tenant exists.</summary>
internal static class ResolveTenant
{
    public static ResolvedTenant? From(EmulatorDirectory directory, string? segment)
    {
        if (string.IsNullOrEmpty(segment))
        {
            return null;
        }

        if (string.Equals(segment, "common", StringComparison.OrdinalIgnoreCase))
        {
            return new ResolvedTenant("common", null);
        }

        if (string.Equals(segment, "organizations", StringComparison.OrdinalIgnoreCase))
        {
            return new ResolvedTenant("organizations", null);
        }

        return directory.FindTenant(segment) is { } tenant ? new ResolvedTenant(segment, tenant) : null;
    }
}
