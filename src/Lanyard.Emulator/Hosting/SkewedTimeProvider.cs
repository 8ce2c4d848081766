namespace Lanyard.Emulator.Hosting;

/// <summary>
/// The emulator's clock: another clock plus <see cref="EntraEmulatorOptions.ClockSkew"/>, so a test can run an
/// emulator whose tokens look issued in the past or the future (issue 13). Timers and timestamps are the inner
/// clock's, so a FakeTimeProvider underneath still drives everything.
/// </summary>
internal sealed class SkewedTimeProvider(TimeProvider inner, TimeSpan skew) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + skew;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}
