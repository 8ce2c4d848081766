namespace Lanyard.Emulator;

/// <summary>How a managed identity is attached to the emulated machine (entra-protocol.md §7.1).</summary>
public enum EmulatorManagedIdentityKind
{
    /// <summary>The machine's own identity: IMDS returns it when the request names no identity.</summary>
    SystemAssigned,

    /// <summary>A standalone identity: IMDS returns it when the request names its client id, object id or resource id.</summary>
    UserAssigned,
}
