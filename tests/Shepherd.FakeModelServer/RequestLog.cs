namespace Shepherd.FakeModel;

/// <summary>Thread-safe, append-only request log with predicate waiters.</summary>
internal sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<RecordedRequest, bool> Predicate, TaskCompletionSource<RecordedRequest> Completion)> _waiters = [];

    private int _sequence;

    public int NextSequence() => Interlocked.Increment(ref _sequence);

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate) return _requests.ToArray();
    }

    public void Add(RecordedRequest request)
    {
        List<TaskCompletionSource<RecordedRequest>> toComplete = [];
        lock (_gate)
        {
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (SafeMatch(_waiters[i].Predicate, request))
                {
                    toComplete.Add(_waiters[i].Completion);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var tcs in toComplete) tcs.TrySetResult(request);
    }

    public async Task<RecordedRequest> WaitAsync(Func<RecordedRequest, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var tcs = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            foreach (var r in _requests)
            {
                if (SafeMatch(predicate, r)) return r;
            }
            _waiters.Add((predicate, tcs));
        }
        try
        {
            return await tcs.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"No matching request within {timeout}. Requests seen:{Environment.NewLine}" +
                string.Join(Environment.NewLine, Snapshot().Select(r => "  " + r)));
        }
        finally
        {
            lock (_gate) _waiters.RemoveAll(w => w.Completion == tcs);
        }
    }

    private static bool SafeMatch(Func<RecordedRequest, bool> predicate, RecordedRequest request)
    {
        try
        {
            return predicate(request);
        }
        catch (Exception)
        {
            return false;
        }
    }
}
