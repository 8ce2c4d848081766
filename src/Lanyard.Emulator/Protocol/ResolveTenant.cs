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

        if (string.Equals(segment, ResolvedTenant.Common, StringComparison.OrdinalIgnoreCase))
        {
            return new ResolvedTenant(ResolvedTenant.Common, null);
        }

        if (string.Equals(segment, ResolvedTenant.Organizations, StringComparison.OrdinalIgnoreCase))
        {
            return new ResolvedTenant(ResolvedTenant.Organizations, null);
        }

        // consumers is an alias of the personal-accounts tenant (§1.2); a directory without that tenant has no consumers.
        if (string.Equals(segment, WellKnownIds.ConsumersSegment, StringComparison.OrdinalIgnoreCase))
        {
            return directory.FindTenant(WellKnownIds.PersonalAccountsTenantId) is { } personal
                ? new ResolvedTenant(WellKnownIds.ConsumersSegment, personal)
                : null;
        }

        return directory.FindTenant(segment) is { } tenant ? new ResolvedTenant(segment, tenant) : null;
    }
}
