#include "imagereference.h"
