namespace Lanyard.Providers.Entra;

/// <summary>Tenant ids fixed by Microsoft (entra-protocol.md §1.2, §4.4).</summary>
internal static class EntraTenants
{
    /// <summary>The tenant of personal Microsoft accounts (outlook.com, live.com); <c>consumers</c> is its alias.</summary>
    public const string PersonalAccounts = "9188040d-6c67-4c5b-b112-36a304b66dad";
}
