namespace Zhaoshang.Bench;

public static class BenchMain
{
    // dotnet run -c Release --project bench/Zhaoshang.Bench -- <bench> [--provider sqlite|postgres] [--projects 10000,1000000] ...
    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.PostgresAdmin is { } admin)
        {
            Dataset.PostgresAdmin = admin;
        }
        // One case per bench (each a class with RunAsync(BenchOptions)).
        switch (options.Bench)
        {
            case "generate":
                foreach (var projects in options.Projects)
                {
                    await Dataset.EnsureAsync(options.Provider, projects, options.Seed, options.Regenerate);
                }
                break;
            case "ledger":
                await LedgerBench.RunAsync(options);
                break;
            case "http":
                await HttpBench.RunAsync(options);
                break;
            case "excel":
                await ExcelBench.RunAsync(options);
                break;
            case "assessment":
                await AssessmentBench.RunAsync(options);
                break;
            case "bulletin":
                await AssessmentBench.RunBulletinAsync(options);
                break;
            case "tickets":
                await TicketBench.RunAsync(options);
                break;
            case "majors":
                await MajorBench.RunAsync(options);
                break;
            case "cockpit":
                await CockpitBench.RunAsync(options);
                break;
            case "landing":
                await LandingBench.RunAsync(options);
                break;
            case "results":
                Report.Compact();
                break;
            case "clean":
                await Dataset.CleanAsync(options.Provider);
                break;
            default:
                Console.WriteLine($"Unknown bench '{options.Bench}'.\n{BenchOptions.Usage}");
                return 2;
        }
        return 0;
    }
}
