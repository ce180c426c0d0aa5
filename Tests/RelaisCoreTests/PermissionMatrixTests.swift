import RelaisCore
import Testing

@Suite struct PermissionMatrixTests {
    @Test func everyPermissionHasAnEntry() {
        for permission in Permission.allCases { #expect(PermissionMatrix.grants[permission] != nil, "\(permission)") }
    }

    @Test func onlyAdminsManageUsersSettingsAndAudit() {
        for permission in [Permission.manageUsers, .manageSettings, .viewAuditLog, .manageNumbers] {
            #expect(PermissionMatrix.allows(.admin, permission))
            #expect(!PermissionMatrix.allows(.manager, permission))
            #expect(!PermissionMatrix.allows(.operator, permission))
        }
    }

    @Test func operatorsDraftButDoNotLaunch() {
        #expect(PermissionMatrix.allows(.operator, .draftCampaigns))
        #expect(!PermissionMatrix.allows(.operator, .launchCampaigns))
        #expect(PermissionMatrix.allows(.manager, .launchCampaigns))
    }

    @Test func adminsHoldEveryPermission() {
        for permission in Permission.allCases { #expect(PermissionMatrix.allows(.admin, permission)) }
    }
}
