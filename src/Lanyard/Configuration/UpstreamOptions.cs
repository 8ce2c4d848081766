namespace Lanyard.Configuration;

/// <summary>
/// One upstream: requests whose path starts with <see cref="PathPrefix"/> go to <see cref="Destination"/>,
/// path unchanged (oauth2-proxy's legacy <c>upstreams</c> semantics; the longest prefix wins).
/// </summary>
internal sealed record UpstreamOptions(string Id, string PathPrefix, Uri Destination);
