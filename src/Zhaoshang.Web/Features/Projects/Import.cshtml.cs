using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Zhaoshang.Web.Features.Enterprises;
using Zhaoshang.Web.Shared;

namespace Zhaoshang.Web.Features.Projects;

/// <summary>Import enterprises and projects from .xlsx, with the templates and a result summary (rows, warnings, errors).</summary>
public sealed class ImportModel(ProjectService projects, EnterpriseImport enterpriseImport, IConfiguration config) : PageModel
{
    public ImportReport? Report { get; private set; }
    public string? Kind { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnGetTemplate(string kind)
    {
        var stream = new MemoryStream();
        if (kind == "enterprises")
        {
            EnterpriseImport.WriteTemplate(stream);
        }
        else
        {
            ProjectService.WriteTemplate(stream);
        }
        stream.Position = 0;
        return File(stream, Xlsx.ContentType, kind == "enterprises" ? "企业导入模板.xlsx" : "项目导入模板.xlsx");
    }

    public async Task<IActionResult> OnPostAsync(string kind, IFormFile? file, CancellationToken ct)
    {
        Kind = kind == "enterprises" ? "enterprises" : "projects";
        if (file is null || file.Length == 0)
        {
            Report = ImportReport.Failed(0, [], [new SheetError("—", null, null, "请选择要导入的 .xlsx 文件。")]);
            return Page();
        }
        var max = ImportEndpoints.MaxRows(config);
        await using var stream = file.OpenReadStream();
        Report = Kind == "enterprises" ? await enterpriseImport.ImportAsync(stream, max, ct) : await projects.ImportAsync(stream, max, ct);
        return Page();
    }
}
