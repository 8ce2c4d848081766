namespace Lanyard.Configuration;

/// <summary>
/// One upstream: requests whose path starts with <see cref="PathPrefix"/> go to the server at <see cref="Destination"/>,
/// path unchanged (oauth2-proxy's legacy <c>upstreams</c> semantics; the longest prefix wins). Or, instead of a
/// server: <see cref="StaticCode"/> (<c>static://202</c>) answers with that status, and <see cref="Directory"/>
/// (<c>file:///srv/www#/docs/</c>) serves files; both only to requests the access stage let through.
/// </summary>
internal sealed record UpstreamOptions(string Id, string PathPrefix, Uri? Destination, int? StaticCode = null, string? Directory = null);
