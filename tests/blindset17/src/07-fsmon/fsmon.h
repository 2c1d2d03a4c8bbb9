/*
 * fsmon.h - legacy file system filter that logs opens on NTFS/ReFS volumes.
 *
 * Written against the old sfilter model so it also runs where filter
 * manager is not wanted (WinPE tooling).
 */
#ifndef __FSMON_H__
#define __FSMON_H__

#include <ntifs.h>

#define FSM_POOL_TAG            'noMF'
#define FSM_CDO_NAME            L"\\FileSystem\\Filters\\FsMon"
#define FSM_CDO_NAME_OLD        L"\\FileSystem\\FsMonCDO"
#define FSM_LINK_NAME           L"\\DosDevices\\FsMon"
#define FSM_DEVOBJ_LIST_SIZE    64

#define FsmPrint(...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, __VA_ARGS__)

typedef struct _FSM_DEVICE_EXTENSION {
    PDEVICE_OBJECT  AttachedToDeviceObject;     /* next lower in the stack */
    PDEVICE_OBJECT  StorageStackDeviceObject;   /* real device, for volumes */
    BOOLEAN         IsVolume;
    UNICODE_STRING  DeviceName;
    WCHAR           DeviceNameBuffer[64];
} FSM_DEVICE_EXTENSION, *PFSM_DEVICE_EXTENSION;

#define IS_MY_CONTROL_DEVICE_OBJECT(_d) \
    ((_d) == g_Fsm.ControlDevice)

#define IS_MY_DEVICE_OBJECT(_d) \
    (((_d) != NULL) && ((_d)->DriverObject == g_Fsm.DriverObject) && ((_d)->DeviceExtension != NULL))

typedef NTSTATUS (*PFN_IO_ATTACH_DEVICE_TO_DEVICE_STACK_SAFE)(
    _In_ PDEVICE_OBJECT SourceDevice,
    _In_ PDEVICE_OBJECT TargetDevice,
    _Outptr_ PDEVICE_OBJECT *AttachedToDeviceObject);

typedef NTSTATUS (*PFN_IO_ENUMERATE_DEVICE_OBJECT_LIST)(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_writes_bytes_to_opt_(DeviceObjectListSize, (*ActualNumberDeviceObjects) * sizeof(PDEVICE_OBJECT)) PDEVICE_OBJECT *DeviceObjectList,
    _In_ ULONG DeviceObjectListSize,
    _Out_ PULONG ActualNumberDeviceObjects);

typedef struct _FSM_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;
    FAST_MUTEX      AttachLock;

    PFN_IO_ATTACH_DEVICE_TO_DEVICE_STACK_SAFE  AttachDeviceToDeviceStackSafe;
    PFN_IO_ENUMERATE_DEVICE_OBJECT_LIST        EnumerateDeviceObjectList;
} FSM_GLOBALS;

extern FSM_GLOBALS g_Fsm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FsmUnload;
DRIVER_DISPATCH   FsmPassThrough;
DRIVER_DISPATCH   FsmCreate;
DRIVER_DISPATCH   FsmFsControl;

/* attach.c */
DRIVER_FS_NOTIFICATION FsmFsNotification;
NTSTATUS FsmAttachDeviceToStack(_In_ PDEVICE_OBJECT Source, _In_ PDEVICE_OBJECT Target,
                                _Outptr_ PDEVICE_OBJECT *AttachedTo);
NTSTATUS FsmMountVolume(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp);
VOID     FsmGetObjectName(_In_ PVOID Object, _Inout_ PUNICODE_STRING Name);

/* fastio.c */
extern const FAST_IO_DISPATCH FsmFastIoTemplate;
FAST_IO_DETACH_DEVICE FsmFastIoDetachDevice;

#endif
