// Shepherd.Chaos: the fault-injection harness of issue 10, and its xunit tests.
//   run      [--seed S] [--profile fast|long] [--seeds K] [--minutes M]   seeded random schedules (replay one with --seed)
//   scenario [NAME...]                                                   the named scenarios, each with its count
//   report   [--out FILE] [--profile P] [--seeds K] [--minutes M]          both, written as docs/reliability.md's table
// Anything else runs the xunit tests (the fast profile and the scenarios), as every test project of ./test.sh does.
using Shepherd.Chaos;

return args.Length > 0 && args[0] is "run" or "scenario" or "report"
    ? await Cli.MainAsync(args)
    : await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
