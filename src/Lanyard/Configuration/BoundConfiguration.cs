using Lanyard.Configuration.Sources;

namespace Lanyard.Configuration;

/// <summary>Validated options with the settings they came from (for <c>lanyard config check</c> and <c>convert</c>).</summary>
internal sealed record BoundConfiguration(LanyardOptions Options, IReadOnlyList<Setting> Settings, AlphaConfig? Alpha);
