/*
 * vbeep.h - virtual beeper, WDM function driver
 *
 * Root-enumerated (devcon install vbeep.inf Root\VBeep). Exposes a
 * device interface; user mode sends IOCTL_VBEEP_TONE and we just keep
 * the last tone around and log it.
 */
#ifndef _VBEEP_H_
#define _VBEEP_H_

#include <ntddk.h>
#include <wdmguid.h>

#define VB_TAG              'peBV'
#define VB_DEFAULT_FREQ     440

#define VBLOG(_x_)          do { DbgPrint("vbeep: "); DbgPrint _x_; } while (0)

#define IOCTL_VBEEP_TONE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_VBEEP_QUERY   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_ACCESS)

// {9C2E4F10-7A35-4B8D-B0E1-46AC93D725F8}
DEFINE_GUID(GUID_DEVINTERFACE_VBEEP,
    0x9c2e4f10, 0x7a35, 0x4b8d, 0xb0, 0xe1, 0x46, 0xac, 0x93, 0xd7, 0x25, 0xf8);

typedef enum _VB_PNP_STATE {
    VbNotStarted = 0,
    VbStarted,
    VbStopPending,
    VbStopped,
    VbRemovePending,
    VbSurpriseRemoved,
    VbDeleted
} VB_PNP_STATE;

typedef struct _VB_TONE {
    ULONG Frequency;
    ULONG DurationMs;
} VB_TONE, *PVB_TONE;

typedef struct _VB_EXTENSION {
    PDEVICE_OBJECT  Self;
    PDEVICE_OBJECT  Pdo;
    PDEVICE_OBJECT  LowerDevice;
    UNICODE_STRING  InterfaceName;
    IO_REMOVE_LOCK  RemoveLock;
    VB_PNP_STATE    PnpState;
    VB_PNP_STATE    PrevPnpState;
    VB_TONE         LastTone;
} VB_EXTENSION, *PVB_EXTENSION;

#define VB_SET_STATE(e, s)  do { (e)->PrevPnpState = (e)->PnpState; (e)->PnpState = (s); } while (0)
#define VB_RESTORE_STATE(e) ((e)->PnpState = (e)->PrevPnpState)

extern ULONG g_DefaultFrequency;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       VbUnload;
DRIVER_ADD_DEVICE   VbAddDevice;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH     VbCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH     VbDeviceControl;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH     VbDispatchPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH     VbDispatchPower;

_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH     VbDispatchSystemControl;

NTSTATUS VbSendIrpSynchronously(_In_ PDEVICE_OBJECT LowerDevice, _In_ PIRP Irp);

#endif /* _VBEEP_H_ */
