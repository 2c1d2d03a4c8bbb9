#include "workpool.h"

namespace wp {

static NTSTATUS FLTAPI
InstanceSetup(PCFLT_RELATED_OBJECTS, FLT_INSTANCE_SETUP_FLAGS, DEVICE_TYPE DeviceType,
              FLT_FILESYSTEM_TYPE FsType)
{
    PAGED_CODE();
    if (DeviceType != FILE_DEVICE_DISK_FILE_SYSTEM) {
        return STATUS_FLT_DO_NOT_ATTACH;
    }
    // FAT has no stable file IDs; the agent does not care about it
    return (FsType == FLT_FSTYPE_FAT) ? STATUS_FLT_DO_NOT_ATTACH : STATUS_SUCCESS;
}

const FLT_REGISTRATION Registration = {
    sizeof(FLT_REGISTRATION),
    FLT_REGISTRATION_VERSION,
    0,
    Contexts,
    Operations,
    Unload,
    InstanceSetup,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr
};

} // namespace wp
