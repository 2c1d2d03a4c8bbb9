/*
 * driver.c - fanctl driver entry, unload and the shared fan curve
 */
#include "fanctl.h"

FAN_GLOBALS g_Fan;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FanEvtDriverUnload)
#endif

VOID
FanLoadDefaultCurve(
    _Out_ PFAN_CURVE Curve
    )
{
    static const FAN_CURVE_POINT defaults[] = {
        { 30,  20 },
        { 45,  35 },
        { 60,  60 },
        { 75, 100 },
    };

    RtlZeroMemory(Curve, sizeof(*Curve));
    RtlCopyMemory(Curve->Points, defaults, sizeof(defaults));
    Curve->Count = ARRAYSIZE(defaults);
}

/*
 * Linear interpolation on the shared curve. Callers are at PASSIVE_LEVEL.
 */
ULONG
FanDutyForTemp(
    _In_ LONG TempC
    )
{
    ULONG duty = FAN_SAFE_DUTY;
    ULONG i;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&g_Fan.CurveLock, TRUE);

    if (g_Fan.Curve.Count != 0) {
        PFAN_CURVE_POINT p = g_Fan.Curve.Points;

        if (TempC <= p[0].TempC) {
            duty = p[0].Duty;
        } else {
            duty = p[g_Fan.Curve.Count - 1].Duty;
            for (i = 1; i < g_Fan.Curve.Count; i++) {
                if (TempC <= p[i].TempC) {
                    LONG span = p[i].TempC - p[i - 1].TempC;
                    LONG dt   = TempC - p[i - 1].TempC;
                    duty = p[i - 1].Duty +
                           (ULONG)(((LONG)p[i].Duty - (LONG)p[i - 1].Duty) * dt / (span ? span : 1));
                    break;
                }
            }
        }
    }

    ExReleaseResourceLite(&g_Fan.CurveLock);
    KeLeaveCriticalRegion();

    return duty > 100 ? 100 : duty;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;

    FanLog("DriverEntry\n");

    status = ExInitializeResourceLite(&g_Fan.CurveLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    FanLoadDefaultCurve(&g_Fan.Curve);

    status = WdfWaitLockCreate(WDF_NO_OBJECT_ATTRIBUTES, &g_Fan.ConfigLock);
    if (!NT_SUCCESS(status)) {
        FanLog("WdfWaitLockCreate failed 0x%x\n", status);
        ExDeleteResourceLite(&g_Fan.CurveLock);
        return status;
    }

    WDF_DRIVER_CONFIG_INIT(&config, FanEvtDeviceAdd);
    config.EvtDriverUnload = FanEvtDriverUnload;
    config.DriverPoolTag   = FANCTL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        FanLog("WdfDriverCreate failed 0x%x\n", status);
        ExDeleteResourceLite(&g_Fan.CurveLock);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
FanEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    FanLog("unload\n");

    /* the wait lock is parented to the driver object, the framework deletes it */
    g_Fan.ConfigLock = NULL;
}
