/*++
Module Name:
    pcidma.h

Abstract:
    WDM function driver for the "PX-200" PCI data acquisition board:
    BAR0 register window, one line-based or MSI interrupt, bus-master
    scatter/gather DMA.

Environment:
    Kernel mode, WDM
--*/
#pragma once

#include <ntddk.h>
#include <wdmguid.h>

#define PD_POOL_TAG             'aDdP'
#define PD_MAX_TRANSFER_DEFAULT (1024 * 1024)
#define PD_MAX_MAP_REGISTERS    64

//
// Register layout (BAR0).
//
#define PD_REG_CONTROL          0x00
#define PD_REG_STATUS           0x04
#define PD_REG_INT_MASK         0x08
#define PD_REG_SG_ADDR_LO       0x10
#define PD_REG_SG_ADDR_HI       0x14
#define PD_REG_SG_COUNT         0x18
#define PD_REG_DOORBELL         0x1C
#define PD_BAR0_MIN_LENGTH      0x100

#define PD_STATUS_DMA_DONE      0x00000001
#define PD_STATUS_DMA_ERROR     0x00000002
#define PD_CONTROL_RESET        0x80000000
#define PD_CONTROL_ENABLE       0x00000001

#ifdef PD_DEFINE_GUIDS
#include <initguid.h>
#endif

// {2F1A5C0E-77B4-4C3B-9E5D-8B0A41C2D7E3}
DEFINE_GUID(GUID_DEVINTERFACE_PX200,
    0x2f1a5c0e, 0x77b4, 0x4c3b, 0x9e, 0x5d, 0x8b, 0x0a, 0x41, 0xc2, 0xd7, 0xe3);

//
// Tracing
//
#define PD_TRACE(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, (_lvl), "px200: " _fmt "\n", __VA_ARGS__)
#define PD_ERROR(_fmt, ...) PD_TRACE(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define PD_INFO(_fmt, ...)  PD_TRACE(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

#define IF_FAILED_GOTO(_st, _lbl)                                           \
    do {                                                                    \
        if (!NT_SUCCESS(_st)) {                                             \
            PD_ERROR("%s:%d -> 0x%08X", __FUNCTION__, __LINE__, (_st));     \
            goto _lbl;                                                      \
        }                                                                   \
    } while (0)

//
// Driver-wide state. InitStage records how far PdInitializeGlobals got so
// that a single teardown routine serves both the failure path and unload.
//
typedef enum _PD_INIT_STAGE {
    PdStageNone = 0,
    PdStageLookaside,
    PdStageLock,
    PdStageBugCheck,
} PD_INIT_STAGE;

typedef struct _PD_DUMP_SNAPSHOT {
    ULONG Signature;
    ULONG AdapterCount;
    ULONG LastStatus[4];
} PD_DUMP_SNAPSHOT;

typedef struct _PD_GLOBALS {
    PD_INIT_STAGE                     InitStage;
    ULONG                             MaxTransferSize;
    NPAGED_LOOKASIDE_LIST             TransferLookaside;
    ERESOURCE                         AdapterListLock;
    LIST_ENTRY                        AdapterList;
    ULONG                             AdapterCount;
    KBUGCHECK_REASON_CALLBACK_RECORD  BugCheckRecord;
    PD_DUMP_SNAPSHOT                  Snapshot;
} PD_GLOBALS, *PPD_GLOBALS;

extern PD_GLOBALS g_Pd;

typedef struct _PD_TRANSFER {
    PIRP        Irp;
    ULONG       Length;
    BOOLEAN     WriteToDevice;
} PD_TRANSFER, *PPD_TRANSFER;

typedef struct _PD_DEVICE_EXTENSION {
    PDEVICE_OBJECT      Self;
    PDEVICE_OBJECT      Pdo;
    PDEVICE_OBJECT      LowerDevice;
    LIST_ENTRY          Link;
    UNICODE_STRING      InterfaceName;
    IO_REMOVE_LOCK      RemoveLock;

    // Hardware resources (valid while started)
    PUCHAR              Registers;
    SIZE_T              RegistersLength;
    PVOID               InterruptConnectionContext;
    ULONG               InterruptVersion;
    PDMA_ADAPTER        DmaAdapter;
    ULONG               MapRegisterCount;
    BOOLEAN             Started;

    // Current transfer (StartIo serialized)
    PPD_TRANSFER        Current;
    ULONG               LatchedStatus;
} PD_DEVICE_EXTENSION, *PPD_DEVICE_EXTENSION;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PdUnload;
DRIVER_DISPATCH PdDispatchCreateClose;
DRIVER_DISPATCH PdDispatchSystemControl;

//
// pnp.c
//
DRIVER_ADD_DEVICE PdAddDevice;
DRIVER_DISPATCH PdDispatchPnp;
DRIVER_DISPATCH PdDispatchPower;

//
// dma.c
//
DRIVER_DISPATCH PdDispatchReadWrite;
DRIVER_STARTIO PdStartIo;
KSERVICE_ROUTINE PdInterruptService;
KMESSAGE_SERVICE_ROUTINE PdMessageService;
IO_DPC_ROUTINE PdCompletionDpc;

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PdStartHardware(
    _Inout_ PPD_DEVICE_EXTENSION Ext,
    _In_ PCM_RESOURCE_LIST Raw,
    _In_ PCM_RESOURCE_LIST Translated
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PdStopHardware(
    _Inout_ PPD_DEVICE_EXTENSION Ext
    );
