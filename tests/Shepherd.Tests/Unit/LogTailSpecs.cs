using System.Text;
using Microsoft.Extensions.Time.Testing;
using Shepherd.Runner;
using Shepherd.Tests.Support;
using Shouldly;

namespace Shepherd.Tests.Unit;

/// <summary>The tail that follows an agent writing straight into the log, on a clock the test moves: it reads on only
/// once a writing agent's writes have had time to gather, and frees the log's start only once the agent has paused.</summary>
public sealed class LogTailSpecs : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300); // ample for a tail that would read on
    private readonly string _dir = Directory.CreateTempSubdirectory("shepherd-tail-").FullName;
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingParser _parser = new();

    private string Log => Path.Combine(_dir, "output.log");

    private DirectOutput Begin(TaskOutput output) =>
        output.BeginDirect(new LineSink(_parser, _ => { }, _ => { }, _clock), m => throw new InvalidOperationException(m)).ShouldNotBeNull();

    [Fact]
    public async Task A_write_after_a_quiet_spell_is_read_at_once_but_the_next_only_once_writes_have_had_time_to_gather()
    {
        using var output = new TaskOutput(Stream.Null, Log, _clock);
        var direct = Begin(output);
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            agent.Write("{\"n\":1}\n"u8);
            await Sandbox.Until(() => _parser.Events.Count == 1, TimeSpan.FromSeconds(10), "the first event");
            agent.Write("{\"n\":2}\n"u8);
            await Task.Delay(Settle);
            _parser.Events.Count.ShouldBe(1);
            _clock.Advance(LogTail.Gather);
            await Sandbox.Until(() => _parser.Events.Count == 2, TimeSpan.FromSeconds(10), "the second event once the writes had time to gather");
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10));
        direct.Dispose();
        _parser.Events.ShouldBe(["{\"n\":1}", "{\"n\":2}"]);
    }

    [Fact]
    public async Task Once_the_tail_has_gone_quiet_the_next_write_wakes_it_again()
    {
        using var output = new TaskOutput(Stream.Null, Log, _clock);
        var direct = Begin(output);
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            agent.Write("{\"n\":1}\n"u8);
            await Sandbox.Until(() => _parser.Events.Count == 1, TimeSpan.FromSeconds(10), "the first event");
            _clock.Advance(LogTail.Gather); // nothing more came: the tail waits for the next write (nothing to free, no timer)
            await Task.Delay(Settle);
            agent.Write("{\"n\":2}\n"u8);
            await Sandbox.Until(() => _parser.Events.Count == 2, TimeSpan.FromSeconds(10), "the second event, woken by its write");
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10));
        direct.Dispose();
    }

    [Fact]
    public async Task An_agent_that_exits_while_its_writes_gather_has_the_rest_read_at_once()
    {
        using var output = new TaskOutput(Stream.Null, Log, _clock);
        var direct = Begin(output);
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            agent.Write("{\"n\":1}\n"u8);
            await Sandbox.Until(() => _parser.Events.Count == 1, TimeSpan.FromSeconds(10), "the first event");
            agent.Write("{\"n\":2}\n"u8);
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10)); // the clock never moves: only the finish wakes it
        direct.Dispose();
        _parser.Events.ShouldBe(["{\"n\":1}", "{\"n\":2}"]);
    }

    [Fact]
    public async Task The_logs_start_is_freed_only_once_the_agent_has_paused()
    {
        const int keep = 64 * 1024;
        using var output = new TaskOutput(Stream.Null, Log, _clock, maxLogBytes: keep);
        var direct = Begin(output);
        using (var agent = DirectOutputs.AgentStdout(direct))
        {
            var line = Encoding.ASCII.GetBytes(new string('y', 99) + "\n");
            for (var i = 0; i < 4000; i++) agent.Write(line); // 400 KB: over twice keep, under the 8 × keep freed without a pause
            agent.Write("{\"type\":\"end\"}\n"u8);
            await Sandbox.Until(() => _parser.Events.Count == 1 || Pass(LogTail.Gather), TimeSpan.FromSeconds(10), "the tail to read it all");
            _clock.Advance(LogTail.Gather); // done gathering: the tail finds no more and waits for the agent to pause
            await Task.Delay(Settle);
            DirectOutputs.FirstData(Log).ShouldBe(0);
            _clock.Advance(TimeSpan.FromMilliseconds(50));
            await Sandbox.Until(() => DirectOutputs.FirstData(Log) > new FileInfo(Log).Length - 2 * keep, TimeSpan.FromSeconds(10), "the start freed");
        }
        await direct.Finish().WaitAsync(TimeSpan.FromSeconds(10));
        direct.Dispose();
    }

    /// <summary>Moves the clock on (always false, to go on waiting).</summary>
    private bool Pass(TimeSpan time)
    {
        _clock.Advance(time);
        return false;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
