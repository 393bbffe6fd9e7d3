// The virtual network of the Container Apps environment: TCP ingress (RTMP on 1935) is
// offered only to environments in a virtual network of their own.

@description('Azure region of the network.')
param location string

@description('Name of the virtual network.')
param name string

@description('Address space of the network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet of the Container Apps environment (at least /27 for workload profiles).')
param containerAppsSubnetPrefix string = '10.40.0.0/23'

@description('Tags applied to the network.')
param tags object = {}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: { addressPrefixes: [ addressPrefix ] }
    subnets: [
      {
        name: 'container-apps'
        properties: {
          addressPrefix: containerAppsSubnetPrefix
          delegations: [
            {
              name: 'container-apps'
              properties: { serviceName: 'Microsoft.App/environments' }
            }
          ]
        }
      }
    ]
  }
}

@description('Resource id of the Container Apps subnet.')
output containerAppsSubnetId string = vnet.properties.subnets[0].id
