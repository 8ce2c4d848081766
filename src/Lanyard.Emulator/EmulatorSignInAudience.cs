namespace Lanyard.Emulator;

/// <summary>Who may sign in to an application, named as in the Entra app manifest (<c>signInAudience</c>).</summary>
public enum EmulatorSignInAudience
{
    /// <summary>Single tenant: only the home tenant, and never through <c>common</c>/<c>organizations</c>.</summary>
    AzureADMyOrg,

    /// <summary>Multi-tenant: users of any tenant, including through <c>common</c>/<c>organizations</c>.</summary>
    AzureADMultipleOrgs,
}
