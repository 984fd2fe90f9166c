using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Shepherd.Runner;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The pane's rate limit, on a clock the test moves.</summary>
public sealed class PaneWriterSpecs
{
    [Fact]
    public void The_pane_gets_a_burst_of_its_buffers_size_then_its_rate_and_one_line_says_what_it_missed()
    {
        var clock = new FakeTimeProvider();
        var pane = new MemoryStream();
        var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
        using (var writer = new PaneWriter(pane, clock, capacity: 2 * chunk.Length))
        {
            writer.Write(chunk);
            writer.Write(chunk); // the burst: as much as the buffer holds
            writer.Flush(TimeSpan.FromSeconds(10));
            writer.Write(chunk); // no time has passed: over the rate, dropped
            clock.Advance(TimeSpan.FromSeconds(1.5 * chunk.Length / PaneWriter.RatePerSecond));
            writer.Write(chunk); // room for one and a half
            writer.Write(chunk);
            writer.Flush(TimeSpan.FromSeconds(10));
        }
        var shown = Encoding.ASCII.GetString(pane.ToArray());
        shown.Count(c => c == 'x').ShouldBe(3 * chunk.Length);
        // Dropped: the third chunk and the fifth, in one line or in two (as the pane caught up in between or not).
        var missed = shown.Split("\r\n").Where(l => l.StartsWith("[shepherd]")).ToList();
        missed.ShouldAllBe(l => Regex.IsMatch(l, @"^\[shepherd\] \d+ KB not shown here; shepherd logs has everything$"));
        missed.Sum(l => int.Parse(l.Split(' ')[1])).ShouldBe(2 * chunk.Length / 1024);
    }
}
