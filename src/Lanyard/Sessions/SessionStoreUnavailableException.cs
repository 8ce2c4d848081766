namespace Lanyard.Sessions;

/// <summary>The server-side session store cannot be reached. Requests that need a session get a 503, never a pass.</summary>
internal sealed class SessionStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
