#pragma once
#include "raii.h"

#define RP_DEVICE_NAME     L"\\Device\\RegProt"
#define RP_LINK_NAME       L"\\??\\RegProt"
#define RP_CM_ALTITUDE     L"380123"
#define RP_OB_ALTITUDE     L"380123.5"

#define IOCTL_RP_SET_SERVICE_PID  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RP_GET_BLOCKED      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_READ_ACCESS)

#define RP_PROCESS_TERMINATE      0x0001

#define RPLOG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "regprot: " fmt "\n", __VA_ARGS__))

namespace rp {

// The whole driver state in one non-paged block. Members are declared in
// the order Init() brings them up, so the implicit member destruction
// tears them down in reverse: callbacks first, device, then the strings.
class Protector {
public:
    static NTSTATUS Create(PDRIVER_OBJECT Driver, PCUNICODE_STRING RegistryPath, Protector** Result);
    static void     Destroy(Protector* Self);

    void  SetServicePid(ULONG Pid) { InterlockedExchange(&m_ServicePid, static_cast<LONG>(Pid)); }
    LONG  Blocked() const { return m_Blocked; }

private:
    Protector() = default;
    ~Protector() = default;

    NTSTATUS Init(PDRIVER_OBJECT Driver, PCUNICODE_STRING RegistryPath);

    // static thunks: the registration context is the Protector
    static NTSTATUS                 RegistryThunk(PVOID Context, PVOID Argument1, PVOID Argument2);
    static OB_PREOP_CALLBACK_STATUS ProcessThunk(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);

    NTSTATUS                 OnRegistry(REG_NOTIFY_CLASS Class, PVOID Info);
    OB_PREOP_CALLBACK_STATUS OnProcessOpen(POB_PRE_OPERATION_INFORMATION Info);
    bool                     IsServiceKey(PVOID KeyObject);

    OwnedString    m_ServiceKey;
    DeviceHolder   m_Device;
    CmRegistration m_Cm;
    ObRegistration m_Ob;

    volatile LONG  m_ServicePid = 0;
    volatile LONG  m_Blocked = 0;
};

} // namespace rp
