using Lanyard.Observability;

namespace Lanyard.Sessions;

/// <summary>
/// A session store, measured: <c>lanyard_session_store_duration_seconds{store, operation}</c> for every load, save and
/// clear, <c>lanyard_session_store_errors_total</c> for each that found the store unreachable
/// (<see cref="SessionStoreUnavailableException"/>), and for a store across the network (Redis) a client span per
/// operation. Everything else passes through unchanged, the refresh coordination and readiness included (the
/// interface's defaults must not replace the store's own). A load that completes at once (the cookie store) stays
/// free of allocations.
/// </summary>
internal sealed class MeasuredSessionStore(ISessionStore inner, string store, bool traced, LanyardMetrics metrics, TimeProvider time) : ISessionStore
{
    public ValueTask<SessionTicket?> LoadAsync(HttpContext context)
    {
        if (traced)
        {
            // In an async method, so the span is current for the operation alone and never leaks into the caller.
            return MeasureAsync("load", () => inner.LoadAsync(context));
        }

        var started = time.GetTimestamp();
        ValueTask<SessionTicket?> pending;
        try
        {
            pending = inner.LoadAsync(context);
            if (pending.IsCompletedSuccessfully)
            {
                // The cookie store answers at once: no state machine, no allocation.
                var ticket = pending.Result;
                metrics.StoreOperation(store, "load", time.GetElapsedTime(started));
                return ValueTask.FromResult(ticket);
            }
        }
        catch (SessionStoreUnavailableException)
        {
            metrics.StoreError(store, "load");
            throw;
        }

        return MeasureAsync("load", () => pending, started);
    }

    public ValueTask SaveAsync(HttpContext context, SessionTicket ticket) => MeasureAsync("save", () => inner.SaveAsync(context, ticket));

    public ValueTask SaveNewAsync(HttpContext context, SessionTicket ticket) => MeasureAsync("save_new", () => inner.SaveNewAsync(context, ticket));

    public ValueTask ClearAsync(HttpContext context) => MeasureAsync("clear", () => inner.ClearAsync(context));

    public ValueTask<bool> IsReadyAsync() => inner.IsReadyAsync();

    public Task<SessionRefresh> RefreshExclusivelyAsync(HttpContext context, SessionTicket current, Func<Task<SessionRefresh>> redeem) =>
        inner.RefreshExclusivelyAsync(context, current, redeem);

    private async ValueTask MeasureAsync(string operation, Func<ValueTask> run) =>
        await MeasureAsync<bool>(operation, async () =>
        {
            await run();
            return true;
        });

    // Saves, clears and Redis loads do I/O or happen once per sign-in, refresh or sign-out: a closure is nothing beside them.
    private async ValueTask<T> MeasureAsync<T>(string operation, Func<ValueTask<T>> run, long? startedAt = null)
    {
        var started = startedAt ?? time.GetTimestamp();
        using var activity = traced ? LanyardTracing.StartCall(SpanName(operation)) : null;
        activity?.SetTag("lanyard.session_store", store);
        try
        {
            var result = await run();
            metrics.StoreOperation(store, operation, time.GetElapsedTime(started));
            return result;
        }
        catch (SessionStoreUnavailableException)
        {
            metrics.StoreError(store, operation);
            LanyardTracing.Failed(activity, "the session store is unreachable");
            throw;
        }
    }

    /// <summary>The span's name per operation, without building a string per call.</summary>
    private static string SpanName(string operation) => operation switch
    {
        "load" => "session_store load",
        "save" => "session_store save",
        "save_new" => "session_store save_new",
        "clear" => "session_store clear",
        _ => "session_store " + operation,
    };
}
