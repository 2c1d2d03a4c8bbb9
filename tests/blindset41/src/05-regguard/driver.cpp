//
// regguard.sys - blocks user-mode writes to autorun keys and to our own service key
//
#include "regguard.h"

RegGuardGlobals g_Rg = {};

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RgUnload;

static UNICODE_STRING g_Altitude = RTL_CONSTANT_STRING(RG_ALTITUDE);

#ifdef RG_AUDIT_BUILD
constexpr bool kAuditOnly = true;
#else
constexpr bool kAuditOnly = false;
#endif

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    RgLog("DriverEntry %wZ audit=%d", RegistryPath, kAuditOnly);

    g_Rg.DriverObject = DriverObject;
    g_Rg.ServiceKey = RegistryPath;

    auto ctx = rg::MakePool<FilterContext, RG_TAG>(POOL_FLAG_NON_PAGED);
    if (!ctx) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RETURN_IF_NT_FAILED(ctx->Initialize(kAuditOnly));

    if (auto status = CmRegisterCallbackEx(RegFilter::OnRegistry,
                                           &g_Altitude,
                                           DriverObject,
                                           ctx.get(),
                                           &g_Rg.Cookie,
                                           nullptr);
        !NT_SUCCESS(status)) {
        RgErr("CmRegisterCallbackEx failed 0x%08X", status);
        ExFreePoolWithTag(ctx.get(), RG_TAG);
        return status;
    }

    g_Rg.Context = ctx.release();
    DriverObject->DriverUnload = RgUnload;

    RgLog("registry callback up, cookie %I64x, %lu keys", g_Rg.Cookie.QuadPart, g_Rg.Context->KeyCount);
    return STATUS_SUCCESS;
}

static void RgUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (auto status = CmUnRegisterCallback(g_Rg.Cookie); !NT_SUCCESS(status)) {
        // still registered: keep the context alive rather than free it under the callback
        RgErr("CmUnRegisterCallback 0x%08X, context kept", status);
        return;
    }

    ContextPtr ctx(g_Rg.Context);
    g_Rg.Context = nullptr;

    if (ctx) {
        RgLog("unloading: seen %ld, denied %ld", ctx->Seen, ctx->Denied);
    }
}
