namespace Lanyard.Emulator;

/// <summary>Who may sign in to an application, named as in the Entra app manifest (<c>signInAudience</c>).</summary>
public enum EmulatorSignInAudience
{
    /// <summary>Single tenant: only the home tenant, and never through <c>common</c>/<c>organizations</c>.</summary>
    AzureADMyOrg,

    /// <summary>Multi-tenant: work and school users of any tenant, including through <c>common</c>/<c>organizations</c>.</summary>
    AzureADMultipleOrgs,

    /// <summary>
    /// Multi-tenant and personal Microsoft accounts: everything <see cref="AzureADMultipleOrgs"/> admits, plus users of
    /// the personal-accounts tenant through <c>common</c> and <c>consumers</c>.
    /// </summary>
    AzureADandPersonalMicrosoftAccount,
}
