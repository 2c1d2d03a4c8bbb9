/*
 * vcomloop.c - virtual loopback COM port
 *
 * Everything written to COMx comes back on the next read.  Good enough for
 * terminal programs and for testing serial code without a null-modem
 * cable.  Non-PnP: the port number is the PortNumber DWORD in the service
 * key (default 9).  The port is also published under
 * HKLM\HARDWARE\DEVICEMAP\SERIALCOMM so that enumerating apps find it.
 */
#include <ntddk.h>
#include <ntddser.h>
#include <ntstrsafe.h>

#define VCOM_TAG            'moCV'
#define VCOM_DEVICE_NAME    L"\\Device\\VComLoop0"
#define VCOM_DEFAULT_PORT   9
#define VCOM_RING_SIZE      4096

typedef struct _VCOM_EXTENSION {
    KSPIN_LOCK          RingLock;
    UCHAR               Ring[VCOM_RING_SIZE];
    ULONG               Head;
    ULONG               Count;
    SERIAL_BAUD_RATE    Baud;
    SERIAL_LINE_CONTROL LineControl;
    SERIAL_TIMEOUTS     Timeouts;
    SERIAL_HANDFLOW     HandFlow;
    SERIAL_CHARS        Chars;
    ULONG               WaitMask;
    ULONG               ModemControl;     /* SERIAL_DTR_STATE | SERIAL_RTS_STATE */
    LONG                OpenCount;
} VCOM_EXTENSION, *PVCOM_EXTENSION;

static PDEVICE_OBJECT g_VcomDevice;
static UNICODE_STRING g_SymLinkName;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD VcomUnload;
static DRIVER_DISPATCH VcomCreate;
static DRIVER_DISPATCH VcomClose;
static DRIVER_DISPATCH VcomRead;
static DRIVER_DISPATCH VcomWrite;
static DRIVER_DISPATCH VcomIoctl;
static DRIVER_DISPATCH VcomCleanup;

static NTSTATUS
VcomComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_SERIAL_INCREMENT);
    return Status;
}

static ULONG
VcomReadPortNumber(PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"PortNumber");
    OBJECT_ATTRIBUTES oa;
    HANDLE key;
    UCHAR buffer[FIELD_OFFSET(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION info = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG resultLength;
    ULONG port = VCOM_DEFAULT_PORT;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
    if (!NT_SUCCESS(ZwOpenKey(&key, KEY_QUERY_VALUE, &oa))) {
        return port;
    }
    if (NT_SUCCESS(ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info,
                                   sizeof(buffer), &resultLength)) &&
        info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
        port = *(PULONG)info->Data;
        if (port == 0 || port > 255) {
            port = VCOM_DEFAULT_PORT;
        }
    }
    ZwClose(key);
    return port;
}

static NTSTATUS
VcomCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCOM_EXTENSION ext = (PVCOM_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedIncrement(&ext->OpenCount);
    return VcomComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
VcomClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCOM_EXTENSION ext = (PVCOM_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedDecrement(&ext->OpenCount);
    return VcomComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
VcomCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return VcomComplete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS
VcomRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCOM_EXTENSION ext = (PVCOM_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR out = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG want = sp->Parameters.Read.Length;
    ULONG done = 0;
    KIRQL irql;

    KeAcquireSpinLock(&ext->RingLock, &irql);
    while (done < want && ext->Count > 0) {
        out[done++] = ext->Ring[ext->Head];
        ext->Head = (ext->Head + 1) % VCOM_RING_SIZE;
        ext->Count--;
    }
    KeReleaseSpinLock(&ext->RingLock, irql);

    /* never blocks: behaves like ReadIntervalTimeout = MAXDWORD */
    return VcomComplete(Irp, STATUS_SUCCESS, done);
}

static NTSTATUS
VcomWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCOM_EXTENSION ext = (PVCOM_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR in = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    ULONG len = sp->Parameters.Write.Length;
    ULONG done = 0;
    KIRQL irql;

    KeAcquireSpinLock(&ext->RingLock, &irql);
    while (done < len && ext->Count < VCOM_RING_SIZE) {
        ext->Ring[(ext->Head + ext->Count) % VCOM_RING_SIZE] = in[done++];
        ext->Count++;
    }
    KeReleaseSpinLock(&ext->RingLock, irql);

    return VcomComplete(Irp, STATUS_SUCCESS, done);
}

static NTSTATUS
VcomIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVCOM_EXTENSION ext = (PVCOM_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    KIRQL irql;

#define COPY_OUT(src) \
    if (outLen < sizeof(src)) { status = STATUS_BUFFER_TOO_SMALL; break; } \
    RtlCopyMemory(buf, &(src), sizeof(src)); info = sizeof(src)
#define COPY_IN(dst) \
    if (inLen < sizeof(dst)) { status = STATUS_BUFFER_TOO_SMALL; break; } \
    RtlCopyMemory(&(dst), buf, sizeof(dst))

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SERIAL_SET_BAUD_RATE:   COPY_IN(ext->Baud);         break;
    case IOCTL_SERIAL_GET_BAUD_RATE:   COPY_OUT(ext->Baud);        break;
    case IOCTL_SERIAL_SET_LINE_CONTROL: COPY_IN(ext->LineControl); break;
    case IOCTL_SERIAL_GET_LINE_CONTROL: COPY_OUT(ext->LineControl); break;
    case IOCTL_SERIAL_SET_TIMEOUTS:    COPY_IN(ext->Timeouts);     break;
    case IOCTL_SERIAL_GET_TIMEOUTS:    COPY_OUT(ext->Timeouts);    break;
    case IOCTL_SERIAL_SET_HANDFLOW:    COPY_IN(ext->HandFlow);     break;
    case IOCTL_SERIAL_GET_HANDFLOW:    COPY_OUT(ext->HandFlow);    break;
    case IOCTL_SERIAL_SET_CHARS:       COPY_IN(ext->Chars);        break;
    case IOCTL_SERIAL_GET_CHARS:       COPY_OUT(ext->Chars);       break;
    case IOCTL_SERIAL_SET_WAIT_MASK:   COPY_IN(ext->WaitMask);     break;
    case IOCTL_SERIAL_GET_WAIT_MASK:   COPY_OUT(ext->WaitMask);    break;

    case IOCTL_SERIAL_SET_DTR:  ext->ModemControl |= SERIAL_DTR_STATE;  break;
    case IOCTL_SERIAL_CLR_DTR:  ext->ModemControl &= ~SERIAL_DTR_STATE; break;
    case IOCTL_SERIAL_SET_RTS:  ext->ModemControl |= SERIAL_RTS_STATE;  break;
    case IOCTL_SERIAL_CLR_RTS:  ext->ModemControl &= ~SERIAL_RTS_STATE; break;

    case IOCTL_SERIAL_GET_MODEMSTATUS:
    {
        /* loopback: our DTR shows up as DSR/DCD, RTS as CTS */
        ULONG modem = 0;
        if (ext->ModemControl & SERIAL_DTR_STATE) modem |= SERIAL_DSR_STATE | SERIAL_DCD_STATE;
        if (ext->ModemControl & SERIAL_RTS_STATE) modem |= SERIAL_CTS_STATE;
        COPY_OUT(modem);
        break;
    }

    case IOCTL_SERIAL_GET_COMMSTATUS:
    {
        SERIAL_STATUS st;
        RtlZeroMemory(&st, sizeof(st));
        KeAcquireSpinLock(&ext->RingLock, &irql);
        st.AmountInInQueue = ext->Count;
        KeReleaseSpinLock(&ext->RingLock, irql);
        COPY_OUT(st);
        break;
    }

    case IOCTL_SERIAL_PURGE:
    {
        ULONG mask;
        COPY_IN(mask);
        if (mask & SERIAL_PURGE_RXCLEAR) {
            KeAcquireSpinLock(&ext->RingLock, &irql);
            ext->Head = 0;
            ext->Count = 0;
            KeReleaseSpinLock(&ext->RingLock, irql);
        }
        break;
    }

    case IOCTL_SERIAL_GET_PROPERTIES:
    {
        SERIAL_COMMPROP prop;
        RtlZeroMemory(&prop, sizeof(prop));
        prop.PacketLength = sizeof(prop);
        prop.PacketVersion = 2;
        prop.ServiceMask = SERIAL_SP_SERIALCOMM;
        prop.MaxTxQueue = VCOM_RING_SIZE;
        prop.MaxRxQueue = VCOM_RING_SIZE;
        prop.MaxBaud = SERIAL_BAUD_USER;
        prop.ProvSubType = SERIAL_SP_RS232;
        prop.ProvCapabilities = SERIAL_PCF_DTRDSR | SERIAL_PCF_RTSCTS | SERIAL_PCF_TOTALTIMEOUTS |
                                SERIAL_PCF_INTTIMEOUTS;
        prop.SettableParams = SERIAL_SP_BAUD | SERIAL_SP_DATABITS | SERIAL_SP_STOPBITS | SERIAL_SP_PARITY;
        prop.SettableBaud = SERIAL_BAUD_9600 | SERIAL_BAUD_19200 | SERIAL_BAUD_57600 | SERIAL_BAUD_115200 |
                            SERIAL_BAUD_USER;
        prop.SettableData = SERIAL_DATABITS_7 | SERIAL_DATABITS_8;
        prop.SettableStopParity = SERIAL_STOPBITS_10 | SERIAL_PARITY_NONE | SERIAL_PARITY_EVEN | SERIAL_PARITY_ODD;
        prop.CurrentTxQueue = VCOM_RING_SIZE;
        prop.CurrentRxQueue = VCOM_RING_SIZE;
        COPY_OUT(prop);
        break;
    }

    case IOCTL_SERIAL_SET_QUEUE_SIZE:
    case IOCTL_SERIAL_SET_XON:
    case IOCTL_SERIAL_SET_XOFF:
    case IOCTL_SERIAL_SET_BREAK_ON:
    case IOCTL_SERIAL_SET_BREAK_OFF:
        break;

    case IOCTL_SERIAL_WAIT_ON_MASK:
    default:
        status = STATUS_NOT_SUPPORTED;
        break;
    }
#undef COPY_OUT
#undef COPY_IN

    return VcomComplete(Irp, status, info);
}

static VOID
VcomUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    RtlDeleteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", VCOM_DEVICE_NAME);
    IoDeleteSymbolicLink(&g_SymLinkName);
    IoDeleteDevice(g_VcomDevice);
    g_VcomDevice = NULL;
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(VCOM_DEVICE_NAME);
    WCHAR linkBuffer[32];
    WCHAR comName[8];
    size_t comNameBytes;
    PVCOM_EXTENSION ext;
    ULONG port;
    NTSTATUS status;

    port = VcomReadPortNumber(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = VcomCreate;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = VcomClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = VcomCleanup;
    DriverObject->MajorFunction[IRP_MJ_READ] = VcomRead;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VcomWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VcomIoctl;
    DriverObject->DriverUnload = VcomUnload;

    status = IoCreateDevice(DriverObject, sizeof(VCOM_EXTENSION), &devName, FILE_DEVICE_SERIAL_PORT,
                            FILE_DEVICE_SECURE_OPEN, TRUE, &g_VcomDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("vcomloop: IoCreateDevice 0x%08X\n", status));
        return status;
    }

    ext = (PVCOM_EXTENSION)g_VcomDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    KeInitializeSpinLock(&ext->RingLock);
    ext->Baud.BaudRate = 9600;
    ext->LineControl.WordLength = 8;
    ext->LineControl.Parity = NO_PARITY;
    ext->LineControl.StopBits = STOP_BIT_1;
    ext->Chars.XonChar = 0x11;
    ext->Chars.XoffChar = 0x13;
    g_VcomDevice->Flags |= DO_BUFFERED_IO;

    status = RtlStringCbPrintfW(linkBuffer, sizeof(linkBuffer), L"\\DosDevices\\COM%u", port);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_VcomDevice);
        return status;
    }
    RtlInitUnicodeString(&g_SymLinkName, linkBuffer);

    status = IoCreateSymbolicLink(&g_SymLinkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("vcomloop: COM%u already taken? 0x%08X\n", port, status));
        IoDeleteDevice(g_VcomDevice);
        return status;
    }

    RtlStringCbPrintfW(comName, sizeof(comName), L"COM%u", port);
    RtlStringCbLengthW(comName, sizeof(comName), &comNameBytes);
    status = RtlWriteRegistryValue(RTL_REGISTRY_DEVICEMAP, L"SERIALCOMM", VCOM_DEVICE_NAME,
                                   REG_SZ, comName, (ULONG)(comNameBytes + sizeof(WCHAR)));
    if (!NT_SUCCESS(status)) {
        KdPrint(("vcomloop: SERIALCOMM entry failed 0x%08X\n", status));
        IoDeleteDevice(g_VcomDevice);
        return status;
    }

    g_VcomDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("vcomloop: %wZ ready\n", &g_SymLinkName));
    return STATUS_SUCCESS;
}
