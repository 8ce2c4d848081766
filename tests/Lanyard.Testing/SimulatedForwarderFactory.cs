using Yarp.ReverseProxy.Forwarder;

namespace Lanyard.Testing;

/// <summary>Makes YARP forward to upstreams over the <see cref="SimulatedNetwork"/>.</summary>
public sealed class SimulatedForwarderFactory(SimulatedNetwork network) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context) => new(network.CreateHandler(), disposeHandler: true);
}
