using Zhaoshang.Web.Data;
using Zhaoshang.Web.Features.Activities;
using Zhaoshang.Web.Features.Assessment;
using Zhaoshang.Web.Features.Accounts;
using Zhaoshang.Web.Features.Audit;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Features.Orgs;
using Zhaoshang.Web.Features.Projects;
using Zhaoshang.Web.Features.Users;
using Zhaoshang.Web.Shared;

var builder = WebApplication.CreateBuilder(args);
builder.AddData();
builder.AddAudit();
builder.AddAccounts();
builder.AddOrgs();
builder.AddUsers();
builder.AddEnterprises();
builder.AddProjects();
builder.AddActivities();
builder.AddAssessment();
builder.AddWebShell();

var app = builder.Build();
await app.InitializeDatabaseAsync();
app.UseWebShell();
app.MapAuthApi();
app.MapOrgsApi();
app.MapUsersApi();
app.MapAuditApi();
app.MapEnterprisesApi();
app.MapProjectsApi();
app.MapActivitiesApi();
app.MapAssessmentApi();
app.MapWebShell();
app.Run();

public partial class Program;
