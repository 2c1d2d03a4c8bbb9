/* SPDX-License-Identifier: Apache-2.0 */
/* Which of a .vcxproj's declared configurations to evaluate when the one
 * asked for (--configuration, --platform) is not among them (project/msconfig.c). */
#ifndef ENTRYCHECK_MSCONFIG_H
#define ENTRYCHECK_MSCONFIG_H

#include "base/strvec.h"

/* Of `listed` ("Release|x64"...), the configuration to build instead of
 * `config`|`platform`, borrowed from `listed`; NULL when that one is
 * declared or none are. */
const char *msbuild_config_choose(const struct strvec *listed, const char *config, const char *platform);

#endif
