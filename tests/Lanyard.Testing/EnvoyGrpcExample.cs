namespace Lanyard.Testing;

/// <summary><c>deploy/examples/envoy/envoy-grpc.yaml</c> as Envoy reads its routes: which rule set each route's check selects.</summary>
public static class EnvoyGrpcExample
{
    public const string File = "envoy/envoy-grpc.yaml";

    /// <summary>Each checked route's prefix and its <c>check_settings.context_extensions.rule_set</c>; routes without one are left out.</summary>
    public static IReadOnlyDictionary<string, string> RouteRuleSets()
    {
        var manager = ExampleFile.Yaml(File)[0].Items("static_resources", "listeners")[0].Items("filter_chains")[0].Items("filters")
            .Single(f => f.Text("name") == "envoy.filters.network.http_connection_manager").At("typed_config");
        var sets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var route in manager.Items("route_config", "virtual_hosts")[0].Items("routes"))
        {
            if (route.Find("typed_per_filter_config")?.Find("envoy.filters.http.ext_authz") is { } perRoute
                && perRoute.Find("check_settings")?.Find("context_extensions")?.Find("rule_set") is YamlDotNet.RepresentationModel.YamlScalarNode { Value: { } set })
            {
                Assert(perRoute.Text("@type") == "type.googleapis.com/envoy.extensions.filters.http.ext_authz.v3.ExtAuthzPerRoute", route);
                sets[route.Text("match", "prefix")] = set;
            }
        }

        return sets;
    }

    private static void Assert(bool condition, object where)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"{File}: not an ExtAuthzPerRoute at {where}");
        }
    }
}
