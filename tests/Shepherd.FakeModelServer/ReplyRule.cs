namespace Shepherd.FakeModel;

/// <summary>
/// A behaviour applied to model requests that match a predicate, optionally only a limited
/// number of times. Created by <see cref="FakeModelServer.When"/>.
/// </summary>
public sealed class ReplyRule
{
    private readonly Func<RecordedRequest, bool> _match;
    private readonly Func<RecordedRequest, ReplyBehavior> _respond;
    private readonly int? _times;
    private int _hits;

    internal ReplyRule(Func<RecordedRequest, bool> match, ReplyBehavior behavior, int? times)
        : this(match, _ => behavior, times)
    {
        ArgumentNullException.ThrowIfNull(behavior);
        Behavior = behavior;
    }

    internal ReplyRule(Func<RecordedRequest, bool> match, Func<RecordedRequest, ReplyBehavior> respond, int? times)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(respond);
        if (times is < 1) throw new ArgumentOutOfRangeException(nameof(times), "times must be at least 1");
        _match = match;
        _respond = respond;
        _times = times;
    }

    /// <summary>The behaviour this rule applies, or null when it is computed from each request.</summary>
    public ReplyBehavior? Behavior { get; }

    /// <summary>The behaviour for <paramref name="request"/>.</summary>
    internal ReplyBehavior Respond(RecordedRequest request) => _respond(request);

    /// <summary>How many requests this rule has answered.</summary>
    public int Hits => Volatile.Read(ref _hits);

    /// <summary>True when the rule was limited to N requests and has answered all of them.</summary>
    public bool IsExhausted => _times is int t && Hits >= t;

    /// <summary>Claims one use of this rule if it matches. Caller holds the rule-set lock.</summary>
    internal bool TryClaim(RecordedRequest request)
    {
        if (IsExhausted || !_match(request)) return false;
        Interlocked.Increment(ref _hits);
        return true;
    }
}
