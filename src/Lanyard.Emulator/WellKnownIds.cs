namespace Lanyard.Emulator;

/// <summary>Ids and names that are the same in every Entra tenant (entra-protocol.md, header and §3.1, §5).</summary>
internal static class WellKnownIds
{
    /// <summary>The tenant of personal Microsoft accounts; <c>consumers</c> is its alias (§1.2, §4.4).</summary>
    public const string PersonalAccountsTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /// <summary>The URL segment that names the personal-accounts tenant.</summary>
    public const string ConsumersSegment = "consumers";

    /// <summary>Microsoft Graph's application id, the <c>aud</c> of v1.0 Graph access tokens.</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    /// <summary>Microsoft Graph's resource URI, the <c>aud</c> of tokens requested with <c>resource=</c>.</summary>
    public const string GraphResource = "https://graph.microsoft.com";

    /// <summary>The audience Entra requires of federated credential assertions (§3.1, §7.3).</summary>
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    public const string JwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
}
