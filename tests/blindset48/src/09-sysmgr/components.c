/*
 * components.c - the component table. Components come up in table order
 * and go down in exactly the reverse order, both on failure and at unload.
 */
#include "sysmgr.h"

static NTSTATUS SmDeviceInit(_In_ PDRIVER_OBJECT DriverObject);
static VOID     SmDeviceUninit(VOID);
static NTSTATUS SmShutdownInit(_In_ PDRIVER_OBJECT DriverObject);
static VOID     SmShutdownUninit(VOID);
#if SM_FEATURE_IMAGES
static NTSTATUS SmImagesInit(_In_ PDRIVER_OBJECT DriverObject);
static VOID     SmImagesUninit(VOID);
#endif

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SmStartComponents)
#pragma alloc_text(PAGE, SmStopComponents)
#pragma alloc_text(PAGE, SmDeviceInit)
#pragma alloc_text(PAGE, SmDeviceUninit)
#endif

static const SM_COMPONENT g_Components[] = {
    { "device",   0,                SmDeviceInit,   SmDeviceUninit   },
    { "shutdown", SM_FEAT_SHUTDOWN, SmShutdownInit, SmShutdownUninit },
#if SM_FEATURE_BUGCHECK
    { "bugcheck", SM_FEAT_BUGCHECK, SmBugCheckInit, SmBugCheckUninit },
#endif
#if SM_FEATURE_IMAGES
    { "images",   SM_FEAT_IMAGES,   SmImagesInit,   SmImagesUninit   },
#endif
};

static BOOLEAN g_Started[ARRAYSIZE(g_Components)];

/* ------------------------------------------------------------------ device */

static NTSTATUS
SmDeviceInit(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(SM_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(SM_LINK_NAME);
    NTSTATUS       status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Sm.ControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Sm.ControlDevice);
        g_Sm.ControlDevice = NULL;
        return status;
    }
    g_Sm.LinkCreated = TRUE;
    return STATUS_SUCCESS;
}

static VOID
SmDeviceUninit(VOID)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(SM_LINK_NAME);

    PAGED_CODE();

    if (g_Sm.LinkCreated) {
        IoDeleteSymbolicLink(&link);
        g_Sm.LinkCreated = FALSE;
    }
    if (g_Sm.ControlDevice != NULL) {
        IoDeleteDevice(g_Sm.ControlDevice);
        g_Sm.ControlDevice = NULL;
    }
}

/* ---------------------------------------------------------------- shutdown */

static NTSTATUS
SmShutdownInit(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* IRP_MJ_SHUTDOWN is already in the dispatch table */
    return IoRegisterShutdownNotification(g_Sm.ControlDevice);
}

static VOID
SmShutdownUninit(VOID)
{
    IoUnregisterShutdownNotification(g_Sm.ControlDevice);
}

/* ------------------------------------------------------------------ images */
#if SM_FEATURE_IMAGES

static VOID
SmImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(FullImageName);
    UNREFERENCED_PARAMETER(ProcessId);
    UNREFERENCED_PARAMETER(ImageInfo);

    if (g_Sm.State == SmStateRunning) {
        InterlockedIncrement((volatile LONG *)&g_Sm.Status.ImageLoads);
    }
}

static NTSTATUS
SmImagesInit(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    return PsSetLoadImageNotifyRoutine(SmImageNotify);
}

static VOID
SmImagesUninit(VOID)
{
    PsRemoveLoadImageNotifyRoutine(SmImageNotify);
}

#endif /* SM_FEATURE_IMAGES */

/* ------------------------------------------------------------------- table */

VOID
SmStopComponents(VOID)
{
    ULONG i = ARRAYSIZE(g_Components);

    PAGED_CODE();

    while (i-- > 0) {
        if (g_Started[i]) {
            SM_TRACE("stop %s", g_Components[i].Name);
            g_Components[i].Uninit();
            g_Started[i] = FALSE;
        }
    }
}

NTSTATUS
SmStartComponents(_In_ PDRIVER_OBJECT DriverObject)
{
    ULONG    i;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(g_Started, sizeof(g_Started));

    for (i = 0; i < ARRAYSIZE(g_Components); i++) {
        if (g_Components[i].Feature != 0 && !(g_Sm.Features & g_Components[i].Feature)) {
            SM_TRACE("skip %s (disabled)", g_Components[i].Name);
            continue;
        }

        status = g_Components[i].Init(DriverObject);
        if (!NT_SUCCESS(status)) {
            SM_TRACE("start %s failed 0x%08X", g_Components[i].Name, status);
            SmStopComponents();         /* only what actually started */
            return status;
        }
        g_Started[i] = TRUE;
        SM_TRACE("started %s", g_Components[i].Name);
    }
    return STATUS_SUCCESS;
}
