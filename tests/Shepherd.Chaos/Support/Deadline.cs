namespace Shepherd.Chaos.Support;

/// <summary>Waiting for an event with a deadline (never a sleep as synchronisation): the condition is polled, the wait
/// ends as soon as it holds, and the deadline's expiry is the caller's to judge.</summary>
public static class Deadline
{
    public static async Task<bool> Until(Func<bool> condition, TimeSpan limit, int pollMs = 50)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(pollMs);
        }
        return true;
    }

    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan limit, int pollMs = 200)
    {
        var until = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(pollMs);
        }
        return true;
    }
}
