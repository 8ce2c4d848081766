namespace Lanyard.Emulator;

/// <summary>What each <see cref="EmulatorSignInAudience"/> admits.</summary>
internal static class EmulatorSignInAudienceExtensions
{
    public static bool IsMultiTenant(this EmulatorSignInAudience audience) =>
        audience is EmulatorSignInAudience.AzureADMultipleOrgs or EmulatorSignInAudience.AzureADandPersonalMicrosoftAccount;

    public static bool AcceptsPersonalAccounts(this EmulatorSignInAudience audience) =>
        audience is EmulatorSignInAudience.AzureADandPersonalMicrosoftAccount;
}
