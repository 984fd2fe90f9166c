using System.Text;
using Shepherd.Chaos.Harness;
using Shepherd.Chaos.Support;

namespace Shepherd.Chaos.Scenarios;

/// <summary>Prompts an attacker or an accident could write: every byte value but NUL, quotes of every kind, $(),
/// backticks, ;, newlines, terminal escape sequences, 1 MiB and 16 MiB. Each arrives byte for byte at the agent (which
/// echoes it raw into its output), no command in it runs, and no escape sequence or control character reaches the
/// terminal through status, list, wait or their --json; 16 MiB + 1 is refused with exit 2 and creates nothing.</summary>
public sealed class HostilePrompts : IScenario
{
    private static readonly string[] Agents = ["codex", "claude", "opencode", "pi"];

    public string Name => "hostile prompts";

    public async Task<Tally> RunAsync(TextWriter output)
    {
        var t = new Tally(Name) { Runs = 1 };
        await using var w = new World("prompts");
        var marker = Path.Combine(w.Dir, "pwned");
        var cases = Cases(marker);
        var i = 0;
        foreach (var (label, bytes, how) in cases)
        {
            var name = $"p{i}";
            var agent = Agents[i++ % Agents.Length];
            t.Task();
            t.Fault();
            var r = await Start(w, name, agent, bytes, how);
            if (!r.Ok)
            {
                t.Add(Breach.Lost, $"{label}: start refused it: {r.OneLine}");
                continue;
            }
            var final = await w.WaitFinalAsync(name, TimeSpan.FromSeconds(120));
            if (final.State() != "succeeded") t.Add(Breach.Lost, $"{label}: ended {final.State()}");
            var got = new AgentJournal(w.FakeState(name)).Prompt(1);
            if (got is null || !got.AsSpan().SequenceEqual(bytes))
                t.Add(Breach.Lost, $"{label}: the agent got {got?.Length.ToString() ?? "no"} bytes, not the {bytes.Length} given ({how})");
            if (i == 2) await FollowUp(t, w, name, Encoding.UTF8.GetBytes(HostileText(marker)));
            await Shown(t, w, label, name);
            output.WriteLine($"  {label} ({bytes.Length} bytes, {how}, {agent}): {final.State()}");
        }
        await TooBig(t, w);
        if (File.Exists(marker) || Directory.EnumerateFiles(w.Dir, "pwned*", SearchOption.AllDirectories).Any() || File.Exists("/pwned"))
            t.Add(Breach.Escaped, "a command inside a prompt ran (a pwned marker exists)");
        ScenarioChecks.Integrity(t, w);
        await ScenarioChecks.NothingOutlives(t, w);
        return t;
    }

    private static List<(string Label, byte[] Bytes, string How)> Cases(string marker)
    {
        var everyByte = Enumerable.Range(1, 255).Select(b => (byte)b).ToArray();
        var hostile = Encoding.UTF8.GetBytes(HostileText(marker));
        var rnd = new Random(10);
        byte[] Big(int size)
        {
            var b = new byte[size];
            for (var k = 0; k < size; k++) b[k] = (byte)rnd.Next(1, 256);
            hostile.CopyTo(b, size / 2);
            return b;
        }
        return
        [
            ("every byte 1..255", everyByte, "--prompt-file"),
            ("every byte 1..255", everyByte, "stdin"),
            ("quotes, $(), backticks, ;, newlines, escapes", hostile, "--prompt"),
            ("quotes, $(), backticks, ;, newlines, escapes", hostile, "stdin"),
            ("1 MiB of every byte", Big(1024 * 1024), "stdin"),
            ("16 MiB of every byte", Big(16 * 1024 * 1024), "--prompt-file"),
        ];
    }

    public static string HostileText(string marker) =>
        $"it's \"double\" 'single' `touch {marker}-bt` \u201ccurly\u201d \u2018curly\u2019 \u00abguillemets\u00bb \\ back\\\\slash\n" +
        $"$(touch {marker}-sub) ${{IFS}} $HOME ; touch {marker}-semi && touch {marker}-and || touch {marker}-or | touch {marker}-pipe\n" +
        $"\ntouch {marker}-nl\r\n" +
        "\u001b]0;window title\u0007\u001b[2J\u001b[31mred\u001b[0m\u001b]52;c;cHduZWQ=\u0007\u001bP+q\u001b\\\u009b31m\u0008\u0007\u007f end";

    private static async Task<CliResult> Start(World w, string name, string agent, byte[] bytes, string how)
    {
        var args = new List<string> { "start", name, "--agent", agent, "--dir", w.Project(name) };
        byte[]? stdin = null;
        switch (how)
        {
            case "--prompt": args.AddRange(["--prompt", Encoding.UTF8.GetString(bytes)]); break;
            case "--prompt-file":
                var file = Path.Combine(w.Dir, name + ".prompt");
                await File.WriteAllBytesAsync(file, bytes);
                args.AddRange(["--prompt-file", file]);
                break;
            default: stdin = bytes; break;
        }
        return await w.ShepherdWith(w.AgentEnv(name, "echo"), stdin, [.. args]);
    }

    private static async Task FollowUp(Tally t, World w, string name, byte[] bytes)
    {
        t.Fault();
        var r = await w.Shepherd("resume", name, "--prompt", Encoding.UTF8.GetString(bytes));
        if (!r.Ok) t.Add(Breach.Lost, $"resume --prompt with a hostile prompt: {r.OneLine}");
        await w.WaitForAsync(name, s => s.IsFinal() && s?.GetProperty("attempts").GetInt32() >= 2, TimeSpan.FromSeconds(120));
        var got = new AgentJournal(w.FakeState(name)).Prompt(2);
        if (got is null || !got.AsSpan().SequenceEqual(bytes)) t.Add(Breach.Lost, "resume --prompt: the follow-up did not arrive byte for byte");
    }

    /// <summary>What the user's terminal gets from status, list and wait (text and JSON): no control characters but
    /// newlines and tabs — C0, DEL and C1 (U+0080–U+009F, whose U+009B is a CSI) alike.</summary>
    private static async Task Shown(Tally t, World w, string label, string name)
    {
        string[][] views = [["status", name], ["status", name, "--json"], ["list"], ["list", "--json"], ["list", "--all"], ["wait", name, "--json"], ["wait", name]];
        foreach (var v in views)
        {
            var r = await w.Shepherd(v);
            var text = r.Stdout + r.Stderr;
            var bad = text.FirstOrDefault(c => c is < ' ' and not ('\n' or '\t') or >= '\u007f' and <= '\u009f');
            if (bad != default) t.Add(Breach.Escaped, $"{label}: `shepherd {string.Join(' ', v)}` printed control character U+{(int)bad:X4}");
        }
    }

    private static async Task TooBig(Tally t, World w)
    {
        t.Fault();
        var r = await w.ShepherdWith(w.AgentEnv("big", "ok"), new byte[16 * 1024 * 1024 + 1].Select(_ => (byte)'x').ToArray(),
            "start", "big", "--agent", "codex", "--dir", w.Project("big"));
        if (r.ExitCode != 2) t.Add(Breach.Other, $"a prompt of 16 MiB + 1 byte was not refused with exit 2: {r.OneLine}");
        ScenarioChecks.ClearErrors(t, "16 MiB + 1", [r]);
        if (Directory.Exists(w.TaskDir("big")) || w.TaskId("big") is not null) t.Add(Breach.Escaped, "a refused start left a task behind");
    }
}
