using System.Threading.Channels;

namespace Shepherd.Chaos.Harness;

/// <summary>One task name (c0, c1, …) of a run: its lives from start to rm, and the queue that carries out its
/// commands one after another (commands on different names run at the same time).</summary>
public sealed class Slot(int index)
{
    public int Index { get; } = index;
    public string Name => $"c{Index}";
    public List<Incarnation> Lives { get; } = [];
    /// <summary>The live incarnation, or null when the name is free (never started, or removed).</summary>
    public Incarnation? Current { get; set; }
    public Channel<Step> Queue { get; } = Channel.CreateUnbounded<Step>();
    public int FollowUps;
}
