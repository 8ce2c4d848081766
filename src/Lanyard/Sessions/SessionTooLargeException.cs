namespace Lanyard.Sessions;

/// <summary>The session does not fit in the browser's cookies; the message says what to do about it.</summary>
internal sealed class SessionTooLargeException(int size, int limit)
    : Exception($"The session is {size} bytes once encrypted, more than the {limit} bytes the cookie session store may split over cookies. " +
                "Use a server-side session store (session_store_type = \"redis\"), or request fewer claims (for Entra ID: fewer groups in the token).")
;
