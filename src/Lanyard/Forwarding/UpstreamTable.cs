using System.Collections.Frozen;
using Lanyard.Configuration;

namespace Lanyard.Forwarding;

/// <summary>
/// The configured upstreams by id. An upstream's id is its YARP route id and cluster id (<see cref="UpstreamRoutes"/>),
/// so the proxy stages and the HTTP client factory find their upstream with one lookup.
/// </summary>
internal sealed class UpstreamTable(IEnumerable<UpstreamOptions> upstreams)
{
    private readonly FrozenDictionary<string, UpstreamOptions> _byId = upstreams.ToFrozenDictionary(u => u.Id, StringComparer.Ordinal);

    public UpstreamOptions? Find(string id) => _byId.GetValueOrDefault(id);
}
