/*
 * pwrwatch.h - PwrWatch: tracks system power transitions and AC/DC changes
 * and persists a couple of counters at shutdown.
 */
#pragma once

#include <initguid.h>     /* instantiate the power setting GUIDs from wdm.h */
#include <ntddk.h>

#define PW_TAG              'wrwP'
#define PW_DEVICE_NAME      L"\\Device\\PwrWatch"
#define PW_LINK_NAME        L"\\DosDevices\\PwrWatch"
#define PW_POWERSTATE_NAME  L"\\Callback\\PowerState"

#define PW_TRACE(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (lvl), "PwrWatch: %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define PW_INFO(fmt, ...)   PW_TRACE(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define PW_ERROR(fmt, ...)  PW_TRACE(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

#define PW_CHECK(expr, label)                                   \
    do {                                                        \
        status = (expr);                                        \
        if (!NT_SUCCESS(status)) {                              \
            PW_ERROR(#expr " -> 0x%08X", status);               \
            goto label;                                         \
        }                                                       \
    } while (0)

typedef enum _PW_STATE {
    PwStateIdle = 0,
    PwStateActive,
    PwStateSleepPending,
    PwStateResuming,
    PwStateShuttingDown
} PW_STATE;

typedef struct _PW_CONFIG {
    ULONG LogTransitions;
    ULONG PersistOnShutdown;
} PW_CONFIG;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT      ControlDevice;
    BOOLEAN             LinkCreated;
    BOOLEAN             ShutdownRegistered;

    PCALLBACK_OBJECT    PowerStateObject;
    PVOID               PowerStateRegistration;
    PVOID               AcDcSettingHandle;

    KSPIN_LOCK          Lock;
    volatile LONG       State;          /* PW_STATE */
    ULONG               OnAc;
    ULONG               SleepCount;
    ULONG               AcDcFlips;

    UNICODE_STRING      ServiceKey;     /* private copy of RegistryPath */
    PW_CONFIG           Config;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* power.c */
NTSTATUS PwPowerInit(_In_ PDEVICE_OBJECT DeviceObject);
VOID     PwPowerUninit(VOID);
PCSTR    PwStateName(_In_ LONG State);

/* shutdown.c */
NTSTATUS PwShutdownInit(_In_ PDEVICE_OBJECT DeviceObject);
VOID     PwShutdownUninit(_In_ PDEVICE_OBJECT DeviceObject);
DRIVER_DISPATCH PwDispatchShutdown;
