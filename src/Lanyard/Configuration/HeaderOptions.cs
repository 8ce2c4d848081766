using Lanyard.Security;

namespace Lanyard.Configuration;

/// <summary>
/// One part of an injected header's value, as oauth2-proxy's alpha config defines it: a claim of the session
/// (<c>user</c>, <c>email</c>, <c>groups</c>, <c>preferred_username</c>, <c>id_token</c>, <c>access_token</c>, any
/// ID token claim), optionally prefixed or turned into HTTP Basic credentials, or a fixed secret value.
/// </summary>
internal abstract record HeaderValueSource
{
    /// <param name="BasicAuth">The value is <c>Basic base64(claim:password)</c>, with <paramref name="BasicAuthPassword"/> (empty when null).</param>
    public sealed record Claim(string Name, string Prefix = "", bool BasicAuth = false, Secret? BasicAuthPassword = null) : HeaderValueSource;

    public sealed record Fixed(Secret Value) : HeaderValueSource;
}

/// <summary>
/// A header Lanyard sets: on requests to the upstream, or on forward-auth answers for the gateway to copy.
/// </summary>
/// <param name="PreserveRequestValue">Keep a value the client sent (oauth2-proxy's <c>preserveRequestValue</c>);
/// by default the client's copy is removed first, so only Lanyard can assert the header.</param>
internal sealed record InjectedHeader(string Name, IReadOnlyList<HeaderValueSource> Values, bool PreserveRequestValue = false);

/// <summary>Every header Lanyard injects: oauth2-proxy's <c>injectRequestHeaders</c> and <c>injectResponseHeaders</c>.</summary>
internal sealed record HeaderOptions(IReadOnlyList<InjectedHeader> Request, IReadOnlyList<InjectedHeader> Response)
{
    /// <summary>oauth2-proxy's defaults (<c>pass_user_headers</c>, nothing on answers but <c>GAP-Auth</c>).</summary>
    public static HeaderOptions Default { get; } = Validation.LegacyHeadersBinder.FromFlags(new Validation.LegacyHeaderFlags());
}
