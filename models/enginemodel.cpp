#include "enginemodel.h"
