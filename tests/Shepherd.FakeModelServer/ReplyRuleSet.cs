namespace Shepherd.FakeModel;

/// <summary>Thread-safe list of rules. The most recently added matching rule wins.</summary>
internal sealed class ReplyRuleSet
{
    private readonly object _gate = new();
    private readonly List<ReplyRule> _rules = [];
    private ReplyBehavior _default = ReplyBehavior.Default;

    public ReplyBehavior Default
    {
        get { lock (_gate) return _default; }
        set { ArgumentNullException.ThrowIfNull(value); lock (_gate) _default = value; }
    }

    public ReplyRule Add(Func<RecordedRequest, bool> match, ReplyBehavior behavior, int? times)
    {
        var rule = new ReplyRule(match, behavior, times);
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public ReplyRule Add(Func<RecordedRequest, bool> match, Func<RecordedRequest, ReplyBehavior> respond, int? times)
    {
        var rule = new ReplyRule(match, respond, times);
        lock (_gate) _rules.Add(rule);
        return rule;
    }

    public bool Remove(ReplyRule rule)
    {
        lock (_gate) return _rules.Remove(rule);
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    public ReplyBehavior Choose(RecordedRequest request)
    {
        lock (_gate)
        {
            for (var i = _rules.Count - 1; i >= 0; i--)
            {
                if (_rules[i].TryClaim(request)) return _rules[i].Respond(request);
            }
            return _default;
        }
    }
}
